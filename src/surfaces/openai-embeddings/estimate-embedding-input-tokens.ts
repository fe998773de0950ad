/** The input-token estimate of an embedding request, for admission (tokens per minute) before the upstream counts. */
import type { EmbeddingRequest } from '../../inference/inference-embedding-request.js';
import { countTextTokens } from '../estimate-input-tokens.js';

export function estimateEmbeddingInputTokens(request: EmbeddingRequest): number {
  return request.inputs.reduce((sum, input) => sum + Math.max(1, input.type === 'text' ? countTextTokens(input.text) : input.tokens.length), 0);
}
