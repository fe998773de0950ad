/**
 * One embedding model family's InvokeModel body (Titan Text Embeddings V2, Cohere Embed), in both directions:
 * the surface parses a caller's body into the canonical embedding request and renders the canonical result in
 * the family's response; a Bedrock provider turns the canonical request into the family's upstream bodies (one
 * call embeds as many inputs as the family takes) and their responses back. All four are pure. One codec per
 * family, found by the model's `nativeFormat` in `embedding-invoke-codecs.ts`.
 */
import type { EmbeddingNativeFormat, Model } from '../../catalog/catalog-types.js';
import type { EmbeddingRequest, EmbeddingSettingName } from '../../inference/inference-embedding-request.js';
import type { EmbeddingResult } from '../../inference/inference-embedding-result.js';

/** What one upstream call answered: its parsed body and the token count Bedrock sent as a header, if it did. */
export interface EmbeddingUpstreamAnswer {
  body: Record<string, unknown>;
  headerInputTokens?: number;
}

export interface EmbeddingInvokeCodec {
  family: EmbeddingNativeFormat;
  /** Throws a GeorouteError (`invalid_request`) naming the field for a body this family does not accept. */
  parse(body: Record<string, unknown>): EmbeddingRequest;
  /** The family's response to the caller whose request `parse` read. */
  render(result: EmbeddingResult, request: EmbeddingRequest): Record<string, unknown>;
  /** A canonical setting in this family's words, for the 400 that names it. */
  settingName(setting: EmbeddingSettingName): string;
  /** What a deployment of this family honours. */
  honours: ReadonlySet<EmbeddingSettingName>;
  /** The upstream bodies, each with the number of inputs it embeds, in order. */
  toUpstreamBodies(request: EmbeddingRequest, model: Model): Array<{ body: Record<string, unknown>; inputs: number }>;
  /** One upstream answer as the canonical result of its inputs; throws a TypeError for a malformed one. */
  fromUpstreamAnswer(answer: EmbeddingUpstreamAnswer, inputs: number): EmbeddingResult;
}
