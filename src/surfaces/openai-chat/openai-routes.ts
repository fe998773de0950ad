import type { ApiRoute } from '../../api/api-route.js';
import { handleChatCompletions } from './chat-completions-handler.js';
import { handleListModels, handleRetrieveModel } from './list-models-handler.js';

export const openAiRoutes: readonly ApiRoute[] = [
  { method: 'POST', pattern: /^\/v1\/chat\/completions$/, surface: 'openai', handle: handleChatCompletions },
  { method: 'GET', pattern: /^\/v1\/models$/, surface: 'openai', handle: handleListModels },
  { method: 'GET', pattern: /^\/v1\/models\/(?<id>[^/]+)$/, surface: 'openai', handle: handleRetrieveModel },
];
