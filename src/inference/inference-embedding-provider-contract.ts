/**
 * The embedding side of a provider, beside `InferenceProvider`: a provider whose upstream can embed exposes one
 * as its optional `embeddings` member. It converts the canonical embedding request to its upstream's wire and
 * the answer back; like `generate`, it rejects with an `UpstreamFailure` whose kind tells routing what to do.
 */
import type { Model } from '../catalog/catalog-types.js';
import type { EmbeddingRequest, EmbeddingSettingName } from './inference-embedding-request.js';
import type { EmbeddingResult } from './inference-embedding-result.js';
import type { ProviderCallOptions, ProviderRateLimit } from './inference-provider-contract.js';

export interface EmbeddingCallOptions extends ProviderCallOptions {
  /** The model being embedded with (its vector size and allowed sizes). */
  model: Model;
}

export interface ProviderEmbedResponse {
  result: EmbeddingResult;
  rateLimit?: ProviderRateLimit;
}

export interface EmbeddingProvider {
  /** What this deployment honours when present in a request; anything else makes it no candidate. */
  readonly honours: ReadonlySet<EmbeddingSettingName>;
  embed(request: EmbeddingRequest, options: EmbeddingCallOptions): Promise<ProviderEmbedResponse>;
}
