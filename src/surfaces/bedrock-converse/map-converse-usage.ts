/**
 * Converse usage <-> canonical usage. Converse's `inputTokens` is the uncached part and the cache counts come
 * beside it; the canonical `inputTokens` is every input token, cache reads and writes included. `totalTokens` is
 * all input plus output. Pure.
 */
import type { InferenceUsage } from '../../inference/inference-usage.js';
import type { ConverseUsage } from './converse-types.js';

export function converseUsageToInference(usage: ConverseUsage): InferenceUsage {
  const cacheRead = usage.cacheReadInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteInputTokens ?? 0;
  return {
    inputTokens: usage.inputTokens + cacheRead + cacheWrite,
    outputTokens: usage.outputTokens,
    ...(usage.cacheReadInputTokens === undefined ? {} : { cacheReadInputTokens: usage.cacheReadInputTokens }),
    ...(usage.cacheWriteInputTokens === undefined ? {} : { cacheWriteInputTokens: usage.cacheWriteInputTokens }),
  };
}

export function inferenceUsageToConverse(usage: InferenceUsage): ConverseUsage {
  const cacheRead = usage.cacheReadInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteInputTokens ?? 0;
  return {
    inputTokens: Math.max(0, usage.inputTokens - cacheRead - cacheWrite),
    outputTokens: usage.outputTokens,
    totalTokens: usage.inputTokens + usage.outputTokens,
    ...(usage.cacheReadInputTokens === undefined ? {} : { cacheReadInputTokens: usage.cacheReadInputTokens }),
    ...(usage.cacheWriteInputTokens === undefined ? {} : { cacheWriteInputTokens: usage.cacheWriteInputTokens }),
  };
}
