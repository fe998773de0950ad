/** The OpenAI Responses API surface: its routes; errors are OpenAI's shape (the `openai` responder). */
import type { ApiSurfaceDefinition } from '../../api/create-api-handler.js';
import { handleCreateResponse } from './create-response-handler.js';
import { handleRetrieveResponse } from './retrieve-response-handler.js';

export const openAiResponsesSurface: ApiSurfaceDefinition = {
  routes: [
    { method: 'POST', pattern: /^\/v1\/responses$/, surface: 'openai', handle: handleCreateResponse },
    { method: 'GET', pattern: /^\/v1\/responses\/(?<id>[^/]+)$/, surface: 'openai', handle: handleRetrieveResponse },
  ],
  errorResponders: {},
};
