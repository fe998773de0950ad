/**
 * Gemini's `finishReason` (and a prompt's `blockReason`) as the canonical finish reason. The safety family
 * (`SAFETY`, `RECITATION`, `BLOCKLIST`, `PROHIBITED_CONTENT`, `SPII`, `IMAGE_SAFETY`, a blocked prompt) is
 * `content-filter`: a refusal, an answer. `STOP` with a function call is `tool-calls`. Pure.
 */
import type { InferenceFinishReason } from '../../inference/inference-result.js';

const CONTENT_FILTER = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT']);

export function mapGeminiFinishReason(raw: string | undefined, calledTool: boolean): InferenceFinishReason {
  if (raw === undefined) return { kind: 'other' };
  if (raw === 'STOP') return calledTool ? { kind: 'tool-calls', raw } : { kind: 'stop', raw };
  if (raw === 'MAX_TOKENS') return { kind: 'length', raw };
  if (CONTENT_FILTER.has(raw)) return { kind: 'content-filter', raw };
  if (raw === 'MALFORMED_FUNCTION_CALL' || raw === 'UNEXPECTED_TOOL_CALL') return { kind: 'error', raw };
  return { kind: 'other', raw };
}

/** A prompt Gemini refused to answer (`promptFeedback.blockReason`, no candidates). */
export function mapGeminiBlockReason(raw: string): InferenceFinishReason {
  return { kind: 'content-filter', raw };
}
