/** Pure: an OpenAI embeddings request as the canonical embedding request. */
import type { EmbeddingInput, EmbeddingRequest, EmbeddingSettings } from '../../inference/inference-embedding-request.js';
import type { OpenAiEmbeddingsRequest } from './openai-embeddings-request-schema.js';

function inputsOf(input: OpenAiEmbeddingsRequest['input']): EmbeddingInput[] {
  if (typeof input === 'string') return [{ type: 'text', text: input }];
  if (input.every((item): item is number => typeof item === 'number')) return [{ type: 'tokens', tokens: input }];
  return (input as Array<string | number[]>).map((item) => (typeof item === 'string' ? { type: 'text', text: item } : { type: 'tokens', tokens: item }));
}

export function convertOpenAiEmbeddingsRequestToInference(request: OpenAiEmbeddingsRequest): EmbeddingRequest {
  const settings: EmbeddingSettings = {};
  if (request.dimensions !== undefined) settings.dimensions = request.dimensions;
  if (request.user !== undefined) settings.user = request.user;
  return { inputs: inputsOf(request.input), settings };
}
