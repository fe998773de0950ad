/**
 * The ordered parts of a canonical stream. Content comes in blocks, each with an `index` (0, 1, 2, ... in order of
 * first appearance, like Converse and Anthropic content-block indices); a block is one text, one reasoning or one
 * tool call. The order is:
 *
 *   stream-start, then any interleaving of block parts (a block's parts in order: start/deltas/end), logprobs and
 *   usage, then exactly one finish, then any usage, then the end of the iterable.
 *
 * An `error` part may come anywhere and is the last part. `usage` parts are cumulative: each replaces the one
 * before (Anthropic reports input tokens first and output tokens at the end). Renderers buffer what their wire
 * needs in another order (Anthropic sends the stop reason and the final usage in one `message_delta`).
 */
import type { InferenceFinishReason, InferenceTokenLogprob } from './inference-result.js';
import type { InferenceUsage } from './inference-usage.js';

export interface InferenceStreamStart {
  type: 'stream-start';
  /** The upstream's response id, when it has one. */
  id?: string;
}

/** Text of block `index`. A text block needs no start: its first delta opens it. */
export interface InferenceTextDelta {
  type: 'text-delta';
  index: number;
  delta: string;
}

/** Reasoning text of block `index`; its first delta opens it. */
export interface InferenceReasoningDelta {
  type: 'reasoning-delta';
  index: number;
  delta: string;
}

/** The signature of reasoning block `index` (Anthropic `signature_delta`, Converse `reasoningContent.signature`). */
export interface InferenceReasoningSignature {
  type: 'reasoning-signature';
  index: number;
  signature: string;
}

/** Encrypted reasoning as block `index`, whole. */
export interface InferenceRedactedReasoning {
  type: 'redacted-reasoning';
  index: number;
  data: string;
}

export interface InferenceToolCallStart {
  type: 'tool-call-start';
  index: number;
  id: string;
  name: string;
}

/** A fragment of the tool input's JSON text. */
export interface InferenceToolCallDelta {
  type: 'tool-call-delta';
  index: number;
  delta: string;
}

/** Closes block `index`, whatever its kind. Every opened block is closed before `finish`. */
export interface InferenceBlockEnd {
  type: 'block-end';
  index: number;
}

/** Log probabilities of output tokens, in order, when the request asked for them. */
export interface InferenceLogprobs {
  type: 'logprobs';
  tokens: InferenceTokenLogprob[];
}

export interface InferenceUsageUpdate {
  type: 'usage';
  usage: InferenceUsage;
}

export interface InferenceFinish {
  type: 'finish';
  reason: InferenceFinishReason;
  serviceTier?: string;
}

/**
 * The upstream reported an error inside the stream after it had started (a Bedrock exception frame, an OpenAI
 * `error` event). `message` is the gateway's own words: never upstream text that could echo content.
 */
export interface InferenceStreamError {
  type: 'error';
  kind: 'throttled' | 'unavailable' | 'rejected' | 'internal';
  message: string;
}

export type InferenceStreamPart =
  | InferenceStreamStart
  | InferenceTextDelta
  | InferenceReasoningDelta
  | InferenceReasoningSignature
  | InferenceRedactedReasoning
  | InferenceToolCallStart
  | InferenceToolCallDelta
  | InferenceBlockEnd
  | InferenceLogprobs
  | InferenceUsageUpdate
  | InferenceFinish
  | InferenceStreamError;
