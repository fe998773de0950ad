/**
 * The OpenAI chat completions surface on the canonical contract: parse (schema, then the canonical request),
 * render a canonical result or stream, name settings in the chat wire's words, and the catalog error in OpenAI's
 * error shape (a second surface renders streams without obfuscation padding). Pure: the handler
 * (chat-completions-handler.ts) and the writer do the HTTP.
 */
import type { InboundSurface } from '../../inference/inbound-surface-contract.js';
import { convertChatRequestToInference } from './convert-chat-request-to-inference.js';
import { convertInferenceResultToChatResponse } from './convert-inference-result-to-chat-response.js';
import { InferenceStreamToChatChunks } from './convert-inference-stream-to-chat-chunks.js';
import { parseChatRequest } from './openai-chat-request-schema.js';
import { openAiChatSettingName } from './openai-chat-setting-names.js';
import { renderOpenAiError } from './send-openai-error.js';

/** The surface as OpenAI's default has it: rendered streams carry obfuscation padding. */
export const openAiChatSurface: InboundSurface<'openai-chat'> = {
  specificationVersion: 'georoute-inference-v1',
  name: 'openai-chat',
  wireFormat: 'openai-chat',
  parseRequest(body) {
    const chat = parseChatRequest(body);
    return { modelId: chat.model, stream: chat.stream === true, request: convertChatRequestToInference(chat) };
  },
  renderResult: (result, context) => ({ ...convertInferenceResultToChatResponse(result, context) }),
  createStreamRenderer: (context) => new InferenceStreamToChatChunks(context),
  settingName: openAiChatSettingName,
  renderError: (error) => renderOpenAiError(error),
};

/** For a client that set `stream_options.include_obfuscation: false`: rendered streams without the padding. */
export const openAiChatSurfaceWithoutObfuscation: InboundSurface<'openai-chat'> = {
  ...openAiChatSurface,
  createStreamRenderer: (context) => new InferenceStreamToChatChunks(context, false),
};
