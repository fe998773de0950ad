/**
 * Token usage as Anthropic reports it: the message's `usage` (`input_tokens` after the cached prefix,
 * `cache_read_input_tokens`, `cache_creation_input_tokens`, `output_tokens`), in a stream `message_start` (input
 * and cache counts) then `message_delta` (the running output count). Pure.
 */
import type { TokenUsage } from '../../upstreams/upstream-contract.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Adds the cache counts only when they are not zero, so usage without caching looks as it always did. */
export function withCacheTokens(usage: TokenUsage, cacheRead: number | undefined, cacheWrite: number | undefined): TokenUsage {
  return {
    ...usage,
    ...(cacheRead ? { cacheReadInputTokens: cacheRead } : {}),
    ...(cacheWrite ? { cacheWriteInputTokens: cacheWrite } : {}),
  };
}

/** A message's `usage` object; undefined when it has no `input_tokens`. */
export function usageFromAnthropicUsage(usage: unknown): TokenUsage | undefined {
  if (!isRecord(usage)) return undefined;
  const inputTokens = count(usage.input_tokens);
  if (inputTokens === undefined) return undefined;
  return withCacheTokens({ inputTokens, outputTokens: count(usage.output_tokens) ?? 0 }, count(usage.cache_read_input_tokens), count(usage.cache_creation_input_tokens));
}

/** The usage after one stream event, given the usage before it (undefined before `message_start`). */
export function usageAfterAnthropicEvent(previous: TokenUsage | undefined, event: unknown): TokenUsage | undefined {
  if (!isRecord(event)) return previous;
  if (event.type === 'message_start' && isRecord(event.message)) return usageFromAnthropicUsage(event.message.usage) ?? previous;
  if (event.type === 'message_delta' && isRecord(event.usage)) {
    const outputTokens = count(event.usage.output_tokens);
    const base = usageFromAnthropicUsage(event.usage) ?? previous ?? { inputTokens: 0, outputTokens: 0 };
    return outputTokens === undefined ? base : { ...base, outputTokens };
  }
  return previous;
}
