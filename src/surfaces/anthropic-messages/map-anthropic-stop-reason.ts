/**
 * Anthropic `stop_reason` <-> the canonical finish reason, both ways, Anthropic's word kept in `raw` so an
 * Anthropic answer rendered back says exactly what it said (`pause_turn` is `other`, `refusal` a content filter).
 * Pure.
 */
import type { InferenceFinishReason, InferenceFinishReasonKind } from '../../inference/inference-result.js';

const KIND_BY_STOP_REASON: Readonly<Record<string, InferenceFinishReasonKind>> = {
  end_turn: 'stop',
  stop_sequence: 'stop-sequence',
  max_tokens: 'length',
  tool_use: 'tool-calls',
  refusal: 'content-filter',
  model_context_window_exceeded: 'context-window',
  pause_turn: 'other',
};

const STOP_REASON_BY_KIND: Readonly<Record<InferenceFinishReasonKind, string>> = {
  stop: 'end_turn',
  'stop-sequence': 'stop_sequence',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'refusal',
  'context-window': 'model_context_window_exceeded',
  error: 'end_turn',
  other: 'end_turn',
};

export function anthropicStopReasonToInference(stopReason: string | null | undefined): InferenceFinishReason {
  if (stopReason === null || stopReason === undefined) return { kind: 'stop' };
  return { kind: KIND_BY_STOP_REASON[stopReason] ?? 'other', raw: stopReason };
}

export function inferenceFinishReasonToAnthropic(reason: InferenceFinishReason): string {
  if (reason.raw !== undefined && KIND_BY_STOP_REASON[reason.raw] === reason.kind) return reason.raw;
  return STOP_REASON_BY_KIND[reason.kind];
}
