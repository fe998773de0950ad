/** Pure: the canonical embedding request as the body of an OpenAI-compatible upstream's `POST /embeddings`. */
import type { EmbeddingRequest } from '../../inference/inference-embedding-request.js';

/** The body an OpenAI-compatible upstream gets: floats always (the surface encodes base64 itself). */
export function convertInferenceToOpenAiEmbeddingsRequest(request: EmbeddingRequest, upstreamModel: string): Record<string, unknown> {
  const texts = request.inputs.every((input) => input.type === 'text');
  const input = texts
    ? request.inputs.map((item) => (item.type === 'text' ? item.text : ''))
    : request.inputs.map((item) => (item.type === 'tokens' ? [...item.tokens] : item.text));
  return {
    model: upstreamModel,
    input,
    encoding_format: 'float',
    ...(request.settings.dimensions === undefined ? {} : { dimensions: request.settings.dimensions }),
    ...(request.settings.user === undefined ? {} : { user: request.settings.user }),
  };
}
