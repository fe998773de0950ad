/**
 * Converse `stopReason` <-> the canonical finish reason, both ways. The canonical reason keeps Converse's own word
 * in `raw`, so a Converse answer rendered back to Converse says exactly what Bedrock said (`guardrail_intervened`
 * and `content_filtered` are both `content-filter`). Pure.
 */
import type { InferenceFinishReason, InferenceFinishReasonKind } from '../../inference/inference-result.js';
import type { KnownConverseStopReason } from './converse-types.js';

const KIND_BY_STOP_REASON: Readonly<Record<KnownConverseStopReason, InferenceFinishReasonKind>> = {
  end_turn: 'stop',
  stop_sequence: 'stop-sequence',
  max_tokens: 'length',
  tool_use: 'tool-calls',
  guardrail_intervened: 'content-filter',
  content_filtered: 'content-filter',
  model_context_window_exceeded: 'context-window',
  malformed_model_output: 'error',
  malformed_tool_use: 'error',
};

const STOP_REASON_BY_KIND: Readonly<Record<InferenceFinishReasonKind, KnownConverseStopReason>> = {
  stop: 'end_turn',
  'stop-sequence': 'stop_sequence',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'content_filtered',
  'context-window': 'model_context_window_exceeded',
  error: 'malformed_model_output',
  other: 'end_turn',
};

function isKnown(raw: string): raw is KnownConverseStopReason {
  return Object.hasOwn(KIND_BY_STOP_REASON, raw);
}

/** A reason Bedrock added after this gateway was written is `other`, its word kept. */
export function converseStopReasonToInference(stopReason: string): InferenceFinishReason {
  return { kind: isKnown(stopReason) ? KIND_BY_STOP_REASON[stopReason] : 'other', raw: stopReason };
}

/** The raw word when it is Converse's own (it may come from another wire, which shares some words), else by kind. */
export function inferenceFinishReasonToConverse(reason: InferenceFinishReason): string {
  if (reason.raw !== undefined && isKnown(reason.raw) && KIND_BY_STOP_REASON[reason.raw] === reason.kind) return reason.raw;
  return STOP_REASON_BY_KIND[reason.kind];
}
