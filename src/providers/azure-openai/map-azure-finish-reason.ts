/**
 * Azure OpenAI's `finish_reason` as the canonical finish reason. `content_filter` (Azure's content filtering
 * stopped or withheld the answer) is a refusal: an answer with a clear reason, never a failure. Pure.
 */
import type { InferenceFinishReason } from '../../inference/inference-result.js';

export function mapAzureFinishReason(raw: string | null | undefined): InferenceFinishReason {
  switch (raw) {
    case 'stop':
      return { kind: 'stop', raw };
    case 'length':
      return { kind: 'length', raw };
    case 'tool_calls':
    case 'function_call':
      return { kind: 'tool-calls', raw };
    case 'content_filter':
      return { kind: 'content-filter', raw };
    case null:
    case undefined:
      return { kind: 'other' };
    default:
      return { kind: 'other', raw };
  }
}
