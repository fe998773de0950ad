/**
 * The canonical embedding request, beside the chat one (`inference-request.ts`): what every embedding surface
 * (OpenAI `/v1/embeddings`, Bedrock InvokeModel with a Titan or Cohere body) parses into and every embedding
 * provider converts from. As with chat, a member that is absent means "the caller did not ask"; a member that is
 * present must be honoured by the deployment that serves it, or the request is refused naming it.
 */

/** One input to embed: text, or text already tokenized (OpenAI accepts arrays of token ids). */
export type EmbeddingInput = { type: 'text'; text: string } | { type: 'tokens'; tokens: readonly number[] };

/** Number formats of a vector. `float` is always available; the others are quantized by the model itself. */
export type EmbeddingType = 'float' | 'int8' | 'uint8' | 'binary' | 'ubinary';

/** What the embedding is for (Cohere `input_type`); models that take it embed queries and documents differently. */
export type EmbeddingPurpose = 'search-document' | 'search-query' | 'classification' | 'clustering';

export interface EmbeddingSettings {
  /** The vector size asked for (OpenAI `dimensions`, Titan `dimensions`, Cohere `output_dimension`). */
  dimensions?: number;
  /** Titan `normalize`. Vectors are unit length on every wire unless a request asks `false`; `true` asks nothing. */
  normalize?: boolean;
  /** Vector formats asked for besides, or instead of, `float` (Titan `embeddingTypes`, Cohere `embedding_types`). */
  embeddingTypes?: readonly EmbeddingType[];
  purpose?: EmbeddingPurpose;
  /** What to do with an input longer than the model's window (Cohere `truncate`); absent: the model's default. */
  truncate?: 'none' | 'start' | 'end';
  /** End-user identifier for abuse monitoring (OpenAI `user`). */
  user?: string;
  /** Processing tier (`X-Amzn-Bedrock-Service-Tier` on InvokeModel). */
  serviceTier?: string;
}

export interface EmbeddingRequest {
  inputs: readonly EmbeddingInput[];
  settings: EmbeddingSettings;
}

/** The names of everything an embedding request can ask for that a deployment may be unable to honour. */
export type EmbeddingSettingName = keyof EmbeddingSettings | 'tokenInputs' | 'multipleInputs';
