/**
 * Claude's InvokeModel body on Bedrock: Anthropic's Messages request with `anthropic_version:
 * bedrock-2023-05-31` (and optional `anthropic_beta`), without `model` and `stream`. The response is Anthropic's
 * message; the stream is Anthropic's events, one per Bedrock `chunk`.
 */
import { estimateAnthropicInputTokens } from '../anthropic-messages/estimate-anthropic-input-tokens.js';
import { parseBedrockAnthropicBody } from '../anthropic-messages/anthropic-messages-request-schema.js';
import type { NativeInvokeCodec } from './native-invoke-codec.js';

export const anthropicInvokeCodec: NativeInvokeCodec = {
  family: 'anthropic',
  parse(body) {
    const request = parseBedrockAnthropicBody(body);
    return { estimatedInputTokens: estimateAnthropicInputTokens(request), maxOutputTokens: request.max_tokens };
  },
};
