/**
 * Anthropic usage <-> canonical usage. Anthropic's `input_tokens` is the part after the cached prefix, with
 * `cache_read_input_tokens` and `cache_creation_input_tokens` beside it; the canonical `inputTokens` counts all of
 * them. The cache counts are written only when present, as Anthropic omits them when nothing was cached. Pure.
 */
import type { InferenceUsage } from '../../inference/inference-usage.js';
import type { AnthropicUsage } from './anthropic-messages-types.js';

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** A usage object as Anthropic sends it (any member may be missing in a stream's `message_delta`). */
export function anthropicUsageToInference(usage: Readonly<Record<string, unknown>>, previous?: InferenceUsage): InferenceUsage {
  const cacheRead = count(usage.cache_read_input_tokens) ?? previous?.cacheReadInputTokens;
  const cacheWrite = count(usage.cache_creation_input_tokens) ?? previous?.cacheWriteInputTokens;
  const uncached = count(usage.input_tokens);
  const inputTokens = uncached === undefined ? (previous?.inputTokens ?? 0) : uncached + (cacheRead ?? 0) + (cacheWrite ?? 0);
  return {
    inputTokens,
    outputTokens: count(usage.output_tokens) ?? previous?.outputTokens ?? 0,
    ...(cacheRead === undefined ? {} : { cacheReadInputTokens: cacheRead }),
    ...(cacheWrite === undefined ? {} : { cacheWriteInputTokens: cacheWrite }),
  };
}

export function inferenceUsageToAnthropic(usage: InferenceUsage): AnthropicUsage {
  const cacheRead = usage.cacheReadInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteInputTokens ?? 0;
  return {
    input_tokens: Math.max(0, usage.inputTokens - cacheRead - cacheWrite),
    output_tokens: usage.outputTokens,
    ...(usage.cacheWriteInputTokens === undefined ? {} : { cache_creation_input_tokens: usage.cacheWriteInputTokens }),
    ...(usage.cacheReadInputTokens === undefined ? {} : { cache_read_input_tokens: usage.cacheReadInputTokens }),
  };
}
