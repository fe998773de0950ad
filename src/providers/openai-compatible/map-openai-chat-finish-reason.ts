/** OpenAI chat `finish_reason` -> the canonical finish reason, keeping the upstream's word. */
import type { InferenceFinishReason } from '../../inference/inference-result.js';

export function mapOpenAiChatFinishReason(reason: string | null | undefined): InferenceFinishReason {
  switch (reason) {
    case 'stop':
      return { kind: 'stop', raw: reason };
    case 'length':
      return { kind: 'length', raw: reason };
    case 'tool_calls':
    case 'function_call':
      return { kind: 'tool-calls', raw: reason };
    case 'content_filter':
      return { kind: 'content-filter', raw: reason };
    case null:
    case undefined:
      return { kind: 'other' };
    default:
      // OpenAI-compatible servers invent reasons ("eos", "abort"): they read as a normal stop.
      return { kind: 'stop', raw: reason };
  }
}
