/** The canonical result of a non-streaming call. */
import type { InferenceAssistantPart } from './inference-content-parts.js';
import type { InferenceProviderOptions } from './inference-settings.js';
import type { InferenceUsage } from './inference-usage.js';

/**
 * Why generation stopped, unified across wires. `raw` keeps the upstream's own word so a renderer of the same wire
 * can give it back exactly (Converse `guardrail_intervened` and `content_filtered` are both `content-filter`).
 */
export type InferenceFinishReasonKind =
  | 'stop'
  | 'stop-sequence'
  | 'length'
  | 'tool-calls'
  | 'content-filter'
  | 'context-window'
  | 'error'
  | 'other';

export interface InferenceFinishReason {
  kind: InferenceFinishReasonKind;
  raw?: string;
}

/** One output token's log probability and its most likely alternatives. */
export interface InferenceTokenLogprob {
  token: string;
  logprob: number;
  bytes?: number[];
  topLogprobs: Array<{ token: string; logprob: number; bytes?: number[] }>;
}

export interface InferenceResult {
  /** The upstream's response id, when it has one (`chatcmpl-...`, `msg_...`). */
  id?: string;
  /** Text, reasoning and tool calls in the order the model produced them. */
  content: InferenceAssistantPart[];
  finishReason: InferenceFinishReason;
  usage: InferenceUsage;
  /** Present when the request asked for logprobs. */
  logprobs?: InferenceTokenLogprob[];
  /** The tier that served the request, when the upstream says. */
  serviceTier?: string;
  /** Provider-specific response members, keyed by namespace like the request's `providerOptions`. */
  providerMetadata?: InferenceProviderOptions;
}
