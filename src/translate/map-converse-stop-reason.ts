/** Converse `stopReason` -> OpenAI `finish_reason`. */
import type { ChatFinishReason } from '../surfaces/openai-chat/openai-chat-types.js';

/**
 * `end_turn` and `stop_sequence` -> `stop`; `max_tokens` and `model_context_window_exceeded` -> `length`;
 * `tool_use` -> `tool_calls`; `content_filtered` and `guardrail_intervened` -> `content_filter`. Anything else
 * (`malformed_model_output`, `malformed_tool_use`, reasons added later) -> `stop`.
 */
export function mapConverseStopReason(stopReason: string | undefined): ChatFinishReason {
  switch (stopReason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'content_filtered':
    case 'guardrail_intervened':
      return 'content_filter';
    default:
      return 'stop';
  }
}
