/**
 * Upstreams that route internally: a deployment whose upstream picks the processing region itself must say where
 * it may process (`processingRegions`). Each provider kind that can delegate supplies a detector for its own
 * settings (Bedrock: cross-region profile ids and ARNs; later Azure OpenAI Data Zone deployments, Anthropic's
 * `inference_geo`, Vertex multi-region endpoints), registered by kind; the configuration check refuses a delegating
 * deployment that declares nothing.
 */

export interface DelegatedUpstreamModel {
  /** What makes the upstream route on its own, for the error message. */
  description: string;
  /** The regions the provider documents for it, as a hint (never applied on their own). */
  documentedRegionsHint: string;
}

/** `upstreamModel` -> whether the upstream decides where it runs. */
export type DelegationDetector = (upstreamModel: string) => DelegatedUpstreamModel | undefined;
