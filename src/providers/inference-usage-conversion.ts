/**
 * Between the canonical usage (`inputTokens` counts every input token, cached ones included) and the billing
 * usage (`TokenUsage.inputTokens` is what is billed at the input price: the uncached part).
 */
import type { InferenceUsage } from '../inference/inference-usage.js';
import type { TokenUsage } from './upstream-contract.js';

export function inferenceUsageOf(usage: TokenUsage): InferenceUsage {
  const cacheRead = usage.cacheReadInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteInputTokens ?? 0;
  return {
    inputTokens: usage.inputTokens + cacheRead + cacheWrite,
    outputTokens: usage.outputTokens,
    ...(usage.cacheReadInputTokens === undefined ? {} : { cacheReadInputTokens: usage.cacheReadInputTokens }),
    ...(usage.cacheWriteInputTokens === undefined ? {} : { cacheWriteInputTokens: usage.cacheWriteInputTokens }),
  };
}

export function tokenUsageOf(usage: InferenceUsage): TokenUsage {
  const cacheRead = usage.cacheReadInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteInputTokens ?? 0;
  return {
    inputTokens: Math.max(0, usage.inputTokens - cacheRead - cacheWrite),
    outputTokens: usage.outputTokens,
    ...(usage.cacheReadInputTokens === undefined ? {} : { cacheReadInputTokens: usage.cacheReadInputTokens }),
    ...(usage.cacheWriteInputTokens === undefined ? {} : { cacheWriteInputTokens: usage.cacheWriteInputTokens }),
  };
}
