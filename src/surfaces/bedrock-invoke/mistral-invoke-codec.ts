/**
 * Mistral's chat InvokeModel body on Bedrock (Mistral Large 2, Pixtral Large): OpenAI-like messages, tools and a
 * few settings (`mistral/mistral-native-schema.ts`). To canonical message by message; back as Mistral's answer
 * and chunks, usage in the token-count headers and the last chunk's invocation metrics. A converted request for
 * a Bedrock Mistral deployment goes by Converse (which serves Mistral), so no canonical -> Mistral body converter
 * exists: a Mistral body reaches Mistral as it is only on the fast path.
 */
import { IMAGE_TOKENS, MESSAGE_OVERHEAD_TOKENS, REQUEST_OVERHEAD_TOKENS } from '../estimate-input-tokens.js';
import { convertInferenceResultToMistral } from './mistral/convert-inference-result-to-mistral.js';
import { convertMistralRequestToInference } from './mistral/convert-mistral-request-to-inference.js';
import { MistralChunkRenderer } from './mistral/mistral-chunk-renderer.js';
import { parseMistralRequest, type MistralContentPart, type MistralRequest } from './mistral/mistral-native-schema.js';
import { mistralSettingName } from './mistral/mistral-setting-names.js';
import type { NativeInvokeCodec } from './native-invoke-codec.js';

function contentTally(content: string | MistralContentPart[] | null | undefined): { chars: number; images: number } {
  if (typeof content === 'string') return { chars: content.length, images: 0 };
  const parts = content ?? [];
  return { chars: parts.reduce((sum, part) => sum + (part.text?.length ?? 0), 0), images: parts.filter((part) => part.type === 'image_url').length };
}

/** About four characters a token over message texts, tool calls and tool definitions; a flat amount per image. */
export function estimateMistralInputTokens(request: MistralRequest): number {
  let chars = 0;
  let images = 0;
  for (const message of request.messages) {
    const tally = contentTally(message.content);
    chars += tally.chars;
    images += tally.images;
    if (message.role === 'assistant') {
      for (const call of message.tool_calls ?? []) chars += call.function.name.length + JSON.stringify(call.function.arguments).length;
    }
  }
  chars += request.tools === undefined ? 0 : JSON.stringify(request.tools).length;
  return Math.ceil(chars / 4) + request.messages.length * MESSAGE_OVERHEAD_TOKENS + REQUEST_OVERHEAD_TOKENS + images * IMAGE_TOKENS;
}

export const mistralInvokeCodec: NativeInvokeCodec = {
  family: 'mistral',
  parse(body) {
    const request = parseMistralRequest(body);
    return { estimatedInputTokens: estimateMistralInputTokens(request), maxOutputTokens: request.max_tokens };
  },
  toInference: (body) => convertMistralRequestToInference(parseMistralRequest(body)),
  renderResult: (result) => ({ ...convertInferenceResultToMistral(result) }),
  createChunkRenderer: (context) => new MistralChunkRenderer(context),
  settingName: mistralSettingName,
};
