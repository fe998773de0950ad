/**
 * Claude's InvokeModel body on Bedrock: Anthropic's Messages request with `anthropic_version:
 * bedrock-2023-05-31` (and optional `anthropic_beta`, which travels in `providerOptions.anthropic`), without
 * `model` and `stream`. The answer is Anthropic's message; the stream is Anthropic's events, one per Bedrock
 * `chunk`, the last carrying `amazon-bedrock-invocationMetrics` (`bedrock-claude-chunk-renderer.ts`).
 */
import { estimateAnthropicInputTokens } from '../anthropic-messages/estimate-anthropic-input-tokens.js';
import { parseBedrockAnthropicBody } from '../anthropic-messages/anthropic-messages-request-schema.js';
import { anthropicSettingName } from '../anthropic-messages/anthropic-messages-surface.js';
import { convertAnthropicRequestToInference } from '../anthropic-messages/convert-anthropic-request-to-inference.js';
import { convertInferenceResultToAnthropicMessage } from '../anthropic-messages/convert-inference-result-to-anthropic-message.js';
import { BedrockClaudeChunkRenderer } from './bedrock-claude-chunk-renderer.js';
import type { NativeInvokeCodec } from './native-invoke-codec.js';

export const anthropicInvokeCodec: NativeInvokeCodec = {
  family: 'anthropic',
  parse(body) {
    const request = parseBedrockAnthropicBody(body);
    return { estimatedInputTokens: estimateAnthropicInputTokens(request), maxOutputTokens: request.max_tokens };
  },
  toInference(body) {
    parseBedrockAnthropicBody(body);
    return convertAnthropicRequestToInference(body);
  },
  renderResult: (result, context) => ({ ...convertInferenceResultToAnthropicMessage(result, context) }),
  createChunkRenderer: (context) => new BedrockClaudeChunkRenderer(context),
  settingName: anthropicSettingName,
};
