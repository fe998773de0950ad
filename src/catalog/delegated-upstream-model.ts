/**
 * Upstreams that route internally: a deployment whose upstream picks the processing region itself must say where
 * it may process (`processingRegions`). Each provider kind that can delegate supplies a detector for its own
 * settings in its registry entry (Bedrock: cross-region profile ids and ARNs; Azure OpenAI: Data Zone and Global
 * deployment types; Vertex AI: multi-region and global endpoints); the configuration check refuses a delegating
 * deployment that declares nothing. Where it is declared, the residency boundary alone decides.
 */
import type { DeploymentConfig } from '../config/config-schema.js';

export interface DelegatedUpstreamModel {
  /** What makes the upstream route on its own, for the error message. */
  description: string;
  /** The regions the provider documents for it, with who documents them, as a hint (never applied on their own). */
  documentedRegionsHint: string;
  /** The config field that makes it delegate (default `upstreamModel`), for the error's path. */
  field?: readonly string[];
  /**
   * The upstream may process anywhere its provider chooses (a global endpoint or deployment type): the operator may
   * declare `processingRegions: []` to say the set is unknown, and then only an unrestricted `global` boundary holds it.
   */
  mayProcessAnywhere?: boolean;
}

/** A deployment's configuration -> whether its upstream decides where it runs. */
export type DelegationDetector = (deployment: DeploymentConfig) => DelegatedUpstreamModel | undefined;
