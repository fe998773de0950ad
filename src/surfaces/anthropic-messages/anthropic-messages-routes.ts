/**
 * The Anthropic Messages API surface: its routes (with `GET /v1/models` for requests from an Anthropic SDK) and its
 * error responder (Anthropic's error shape).
 */
import type { ApiSurfaceDefinition } from '../../api/create-api-handler.js';
import { handleAnthropicCountTokens } from './anthropic-count-tokens-handler.js';
import { handleAnthropicMessages } from './anthropic-messages-handler.js';
import { anthropicModelRoutes } from './anthropic-models-handler.js';
import { sendAnthropicError } from './send-anthropic-error.js';

export const anthropicMessagesSurface: ApiSurfaceDefinition = {
  routes: [
    { method: 'POST', pattern: /^\/v1\/messages$/, surface: 'anthropic', handle: handleAnthropicMessages },
    { method: 'POST', pattern: /^\/v1\/messages\/count_tokens$/, surface: 'anthropic', handle: handleAnthropicCountTokens },
    ...anthropicModelRoutes,
  ],
  errorResponders: { anthropic: (response, requestId, error) => sendAnthropicError(response, error, requestId) },
  surfaceForUnknownPath: (path) => (path === '/v1/messages' || path.startsWith('/v1/messages/') ? 'anthropic' : undefined),
};
