/** OpenAI `finish_reason` -> Converse `stopReason`. */
import type { KnownConverseStopReason } from '../surfaces/bedrock-converse/converse-types.js';

/**
 * `stop` -> `end_turn`, `length` -> `max_tokens`, `tool_calls` (and the legacy `function_call`) -> `tool_use`,
 * `content_filter` -> `content_filtered`. A missing or unknown reason is `end_turn`. Some OpenAI-compatible servers
 * answer `stop` after emitting tool calls; with `hasToolCalls` that is `tool_use`, which Converse clients check
 * before running tools.
 */
export function mapOpenAiFinishReason(
  finishReason: string | null | undefined,
  hasToolCalls = false,
): KnownConverseStopReason {
  switch (finishReason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'content_filtered';
    default:
      return hasToolCalls ? 'tool_use' : 'end_turn';
  }
}
