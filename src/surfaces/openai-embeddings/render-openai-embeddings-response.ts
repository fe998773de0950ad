/**
 * Pure: the canonical embedding result as OpenAI's response (`{object: "list", data: [{object: "embedding",
 * index, embedding}], model, usage}`), with `encoding_format: base64` as the base64 of little-endian float32s, as
 * OpenAI sends it.
 */
import type { EmbeddingResult } from '../../inference/inference-embedding-result.js';

export type OpenAiEncodingFormat = 'float' | 'base64';

export function encodeFloat32Base64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString('base64');
}

export function decodeFloat32Base64(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  const out: number[] = [];
  for (let offset = 0; offset + 4 <= bytes.length; offset += 4) out.push(bytes.readFloatLE(offset));
  return out;
}

export function renderOpenAiEmbeddingsResponse(result: EmbeddingResult, model: string, encoding: OpenAiEncodingFormat): Record<string, unknown> {
  return {
    object: 'list',
    data: result.embeddings.map((vectors, index) => ({
      object: 'embedding',
      index,
      embedding: encoding === 'base64' ? encodeFloat32Base64(vectors.float) : vectors.float,
    })),
    model,
    usage: { prompt_tokens: result.inputTokens, total_tokens: result.inputTokens },
  };
}
