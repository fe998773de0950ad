/**
 * Azure OpenAI's `usage` as canonical usage: `prompt_tokens` already include the cached prefix
 * (`prompt_tokens_details.cached_tokens`), `completion_tokens` the reasoning tokens. Pure.
 */
import type { InferenceUsage } from '../../inference/inference-usage.js';

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function member(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

export function readAzureUsage(usage: unknown): InferenceUsage | undefined {
  const input = count(member(usage, 'prompt_tokens'));
  if (input === undefined) return undefined;
  const cached = count(member(member(usage, 'prompt_tokens_details'), 'cached_tokens'));
  const reasoning = count(member(member(usage, 'completion_tokens_details'), 'reasoning_tokens'));
  return {
    inputTokens: input,
    outputTokens: count(member(usage, 'completion_tokens')) ?? 0,
    ...(cached === undefined || cached === 0 ? {} : { cacheReadInputTokens: cached }),
    ...(reasoning === undefined || reasoning === 0 ? {} : { reasoningTokens: reasoning }),
  };
}
