/**
 * The `anthropic-messages` inbound surface: `POST /v1/messages` bodies <-> the canonical model, Anthropic's answer
 * shapes (message JSON, SSE events with `ping`) and its error shape (`{"type":"error","error":{type,message}}`,
 * `request-id`, 529 for an overloaded upstream). HTTP concerns live beside it (handler, routes, response writer).
 */
import type { InboundSurface } from '../../inference/inbound-surface-contract.js';
import type { InferenceSettingName } from '../../inference/inference-settings.js';
import { anthropicErrorOf } from './anthropic-error-type.js';
import { parseAnthropicMessagesRequest } from './anthropic-messages-request-schema.js';
import { AnthropicStreamRenderer } from './anthropic-stream-renderer.js';
import { convertAnthropicRequestToInference } from './convert-anthropic-request-to-inference.js';
import { convertInferenceResultToAnthropicMessage } from './convert-inference-result-to-anthropic-message.js';
import { anthropicErrorBody } from './send-anthropic-error.js';

const NAMES: Readonly<Partial<Record<InferenceSettingName, string>>> = {
  temperature: 'temperature',
  topP: 'top_p',
  topK: 'top_k',
  stopSequences: 'stop_sequences',
  user: 'metadata.user_id',
  parallelToolCalls: 'tool_choice.disable_parallel_tool_use',
  reasoning: 'thinking',
  responseFormat: 'output_config.format',
  serviceTier: 'service_tier',
  tools: 'tools',
  toolChoice: 'tool_choice',
  images: 'image',
  documents: 'document',
  mediaUrls: 'source.url',
  toolResultMedia: 'tool_result.content',
  reasoningContent: 'thinking',
  cachePoints: 'cache_control',
  'providerOptions.anthropic.serverTools': 'tools',
  'providerOptions.anthropicContent.thinking.display': 'thinking.display',
};

export function anthropicSettingName(setting: InferenceSettingName): string {
  return NAMES[setting] ?? setting.split('.').pop() ?? setting;
}

export const anthropicMessagesSurface: InboundSurface<'anthropic-messages'> = {
  specificationVersion: 'georoute-inference-v1',
  name: 'anthropic-messages',
  wireFormat: 'anthropic-messages',
  parseRequest(body) {
    const parsed = parseAnthropicMessagesRequest(body);
    return { modelId: parsed.model, stream: parsed.stream === true, request: convertAnthropicRequestToInference(body) };
  },
  renderResult: (result, context) => ({ ...convertInferenceResultToAnthropicMessage(result, context) }),
  createStreamRenderer: (context) => new AnthropicStreamRenderer(context),
  settingName: anthropicSettingName,
  renderError(error, requestId) {
    const headers: Record<string, string> = { 'request-id': requestId, 'content-type': 'application/json' };
    if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
    return { status: anthropicErrorOf(error.code, error.status).status, headers, body: anthropicErrorBody(error, requestId) };
  },
};
