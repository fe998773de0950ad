/**
 * The transport's token usage (input after the cached prefix, cache reads and writes apart, as Bedrock and
 * Anthropic report it) -> canonical usage (every input token counted in `inputTokens`). Pure.
 */
import type { InferenceUsage } from '../../inference/inference-usage.js';
import type { TokenUsage } from '../upstream-contract.js';

export function tokenUsageToInference(usage: TokenUsage): InferenceUsage {
  const cacheRead = usage.cacheReadInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteInputTokens ?? 0;
  return {
    inputTokens: usage.inputTokens + cacheRead + cacheWrite,
    outputTokens: usage.outputTokens,
    ...(usage.cacheReadInputTokens === undefined ? {} : { cacheReadInputTokens: usage.cacheReadInputTokens }),
    ...(usage.cacheWriteInputTokens === undefined ? {} : { cacheWriteInputTokens: usage.cacheWriteInputTokens }),
  };
}
