/** Canonical finish reason -> OpenAI chat `finish_reason` (an OpenAI upstream's own word comes back as it was). */
import type { InferenceFinishReason } from '../../inference/inference-result.js';
import type { ChatFinishReason } from './openai-chat-types.js';

const CHAT_REASONS: ReadonlySet<string> = new Set(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);

export function mapInferenceFinishReasonToChat(reason: InferenceFinishReason): ChatFinishReason {
  if (reason.raw !== undefined && CHAT_REASONS.has(reason.raw)) return reason.raw as ChatFinishReason;
  switch (reason.kind) {
    case 'length':
    case 'context-window':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    case 'stop':
    case 'stop-sequence':
    case 'error':
    case 'other':
      return 'stop';
  }
}
