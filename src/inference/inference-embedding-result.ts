/** The canonical result of an embedding call: one vector per input, in the order of the inputs. */
import type { EmbeddingType } from './inference-embedding-request.js';

/** The vectors of one input, by number format; `float` is always present. */
export type EmbeddingVectors = { float: number[] } & Partial<Record<Exclude<EmbeddingType, 'float'>, number[]>>;

export interface EmbeddingResult {
  /** One entry per input, in input order. */
  embeddings: EmbeddingVectors[];
  /** Input tokens the upstream counted (all inputs together); embeddings produce no output tokens. */
  inputTokens: number;
  /** The upstream's response id, when it has one (Cohere `id`). */
  id?: string;
  /** The tier that served the request, when the upstream says. */
  serviceTier?: string;
}
