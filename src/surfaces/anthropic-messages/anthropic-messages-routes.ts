/** The Anthropic Messages API surface: its routes and its error responder (Anthropic's error shape). */
import type { ApiSurfaceDefinition } from '../../api/create-api-handler.js';
import { handleAnthropicCountTokens } from './anthropic-count-tokens-handler.js';
import { handleAnthropicMessages } from './anthropic-messages-handler.js';
import { sendAnthropicError } from './send-anthropic-error.js';

export const anthropicMessagesSurface: ApiSurfaceDefinition = {
  routes: [
    { method: 'POST', pattern: /^\/v1\/messages$/, surface: 'anthropic', handle: handleAnthropicMessages },
    { method: 'POST', pattern: /^\/v1\/messages\/count_tokens$/, surface: 'anthropic', handle: handleAnthropicCountTokens },
  ],
  errorResponders: { anthropic: (response, requestId, error) => sendAnthropicError(response, error, requestId) },
  surfaceForUnknownPath: (path) => (path === '/v1/messages' || path.startsWith('/v1/messages/') ? 'anthropic' : undefined),
};
