/**
 * Meta Llama 3.x's InvokeModel body on Bedrock: a prompt in the Llama 3 chat template and a few settings
 * (`llama/llama-native-schema.ts`). To canonical through the template's turns (`llama/parse-llama-prompt.ts`);
 * back as Llama's answer and chunks. A converted request for a Bedrock Llama deployment goes by Converse (which
 * serves Llama), so no canonical -> prompt converter exists: a Llama body reaches Llama only on the fast path.
 */
import { countTextTokens, IMAGE_TOKENS, REQUEST_OVERHEAD_TOKENS } from '../estimate-input-tokens.js';
import { convertInferenceResultToLlama } from './llama/convert-inference-result-to-llama.js';
import { convertLlamaRequestToInference } from './llama/convert-llama-request-to-inference.js';
import { LlamaChunkRenderer } from './llama/llama-chunk-renderer.js';
import { parseLlamaRequest, type LlamaRequest } from './llama/llama-native-schema.js';
import { llamaSettingName } from './llama/llama-setting-names.js';
import type { NativeInvokeCodec } from './native-invoke-codec.js';

/** About four characters a token over the whole prompt (its template tokens included), a flat amount per image. */
export function estimateLlamaInputTokens(request: LlamaRequest): number {
  return countTextTokens(request.prompt) + REQUEST_OVERHEAD_TOKENS + (request.images?.length ?? 0) * IMAGE_TOKENS;
}

export const llamaInvokeCodec: NativeInvokeCodec = {
  family: 'llama',
  parse(body) {
    const request = parseLlamaRequest(body);
    return { estimatedInputTokens: estimateLlamaInputTokens(request), maxOutputTokens: request.max_gen_len };
  },
  toInference: (body) => convertLlamaRequestToInference(parseLlamaRequest(body)),
  renderResult: (result) => ({ ...convertInferenceResultToLlama(result) }),
  createChunkRenderer: (context) => new LlamaChunkRenderer(context),
  settingName: llamaSettingName,
};
