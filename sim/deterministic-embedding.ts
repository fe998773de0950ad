/**
 * Deterministic embeddings: a seeded PRNG over the input text and the vector size gives the same vector for the
 * same input on every wire (OpenAI, Titan, Cohere), so tests can compare them. Values are float32-exact (what
 * base64 carries) and of unit length unless the request asks for unnormalized vectors. The quantized formats are
 * derived from the float vector as the models describe theirs: int8/uint8 scaled, binary/ubinary the signs.
 */
import { createSeededRandom, hashText } from './deterministic-text.js';

export type SimEmbeddingType = 'float' | 'int8' | 'uint8' | 'binary' | 'ubinary';

/** The seed text of an input: its text, or its token ids. */
export function embeddingSeed(input: string | readonly number[]): string {
  return typeof input === 'string' ? input : `tokens:${input.join(',')}`;
}

export function deterministicEmbedding(seed: string, dimensions: number, normalize = true): number[] {
  const random = createSeededRandom(hashText(`${dimensions}:${seed}`));
  const raw = Array.from({ length: dimensions }, () => random() * 2 - 1);
  const norm = normalize ? Math.sqrt(raw.reduce((sum, v) => sum + v * v, 0)) || 1 : 1;
  return raw.map((v) => Math.fround(v / norm));
}

/** Cohere's packed signs: 8 dimensions per byte, high bit first; `binary` as int8, `ubinary` as uint8. */
function packedSigns(vector: readonly number[], signed: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < vector.length; i += 8) {
    let byte = 0;
    for (let bit = 0; bit < 8; bit += 1) byte = (byte << 1) | ((vector[i + bit] ?? -1) > 0 ? 1 : 0);
    out.push(signed ? byte - 128 : byte);
  }
  return out;
}

export function quantizeEmbedding(vector: readonly number[], type: SimEmbeddingType, family: 'titan' | 'cohere'): number[] {
  switch (type) {
    case 'float':
      return [...vector];
    case 'int8':
      return vector.map((v) => Math.max(-128, Math.min(127, Math.round(v * 127))));
    case 'uint8':
      return vector.map((v) => Math.max(0, Math.min(255, Math.round((v + 1) * 127.5))));
    case 'binary':
      // Titan: one 0/1 per dimension; Cohere: packed signs as int8.
      return family === 'titan' ? vector.map((v) => (v > 0 ? 1 : 0)) : packedSigns(vector, true);
    case 'ubinary':
      return packedSigns(vector, false);
  }
}

/** The vector size a request gets when it names none, by the model id it names. */
export function defaultEmbeddingDimensions(modelId: string | undefined): number {
  if (modelId === undefined) return 1024;
  if (/text-embedding-3-large/.test(modelId)) return 3072;
  if (/text-embedding-(3-small|ada-002)/.test(modelId)) return 1536;
  return 1024;
}
