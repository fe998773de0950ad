/**
 * Nova native InvokeModel body -> Converse request. Messages, system blocks and tool configuration are the same
 * shapes. `max_new_tokens`, `top_p` are read as `maxTokens`, `topP`; `topK` (Converse has no such field) and any
 * other inference or top-level member go to `additionalModelRequestFields`, which Bedrock merges back into the
 * model's native body.
 */
import type { ConverseInferenceConfig, ConverseRequest } from '../../bedrock-converse/converse-types.js';
import type { NovaInferenceConfig, NovaRequest } from './nova-native-types.js';

const converseMembers = new Set(['schemaVersion', 'messages', 'system', 'inferenceConfig', 'toolConfig']);
const inferenceMembers = new Set(['maxTokens', 'max_new_tokens', 'temperature', 'topP', 'top_p', 'stopSequences']);

function splitInferenceConfig(config: NovaInferenceConfig): {
  converse: ConverseInferenceConfig;
  native: Record<string, unknown>;
} {
  const converse: ConverseInferenceConfig = {};
  const maxTokens = config.maxTokens ?? config.max_new_tokens;
  if (maxTokens !== undefined) converse.maxTokens = maxTokens;
  if (config.temperature !== undefined) converse.temperature = config.temperature;
  const topP = config.topP ?? config.top_p;
  if (topP !== undefined) converse.topP = topP;
  if (config.stopSequences !== undefined) converse.stopSequences = [...config.stopSequences];
  const native: Record<string, unknown> = {};
  for (const [member, value] of Object.entries(config)) {
    if (inferenceMembers.has(member) || value === undefined) continue;
    native[member === 'top_k' ? 'topK' : member] = value;
  }
  return { converse, native };
}

export function convertNovaRequestToConverse(request: NovaRequest): ConverseRequest {
  const converse: ConverseRequest = { messages: request.messages };
  if (request.system !== undefined) converse.system = request.system;
  if (request.toolConfig !== undefined) converse.toolConfig = request.toolConfig;
  const additional: Record<string, unknown> = {};
  if (request.inferenceConfig !== undefined) {
    const { converse: inference, native } = splitInferenceConfig(request.inferenceConfig);
    if (Object.keys(inference).length > 0) converse.inferenceConfig = inference;
    if (Object.keys(native).length > 0) additional.inferenceConfig = native;
  }
  for (const [member, value] of Object.entries(request)) {
    if (!converseMembers.has(member) && value !== undefined) additional[member] = value;
  }
  if (Object.keys(additional).length > 0) converse.additionalModelRequestFields = additional;
  return converse;
}
