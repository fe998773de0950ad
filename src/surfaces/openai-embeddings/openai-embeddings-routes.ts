import type { ApiRoute } from '../../api/api-route.js';
import { handleOpenAiEmbeddings } from './openai-embeddings-handler.js';

export const openAiEmbeddingsRoutes: readonly ApiRoute[] = [{ method: 'POST', pattern: /^\/v1\/embeddings$/, surface: 'openai', handle: handleOpenAiEmbeddings }];
