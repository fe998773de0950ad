/**
 * The `amazon-bedrock-invocationMetrics` member Bedrock adds to the last chunk of an InvokeModelWithResponseStream,
 * from the canonical usage, counted as the token-count headers count: `inputTokenCount` is the uncached input
 * (the canonical count includes cache reads and writes), the cache counts beside it when there are any. Pure.
 */
import type { InferenceUsage } from '../../inference/inference-usage.js';

export function invocationMetrics(usage: InferenceUsage | undefined, outputTokens: number, latencyMs: number, firstByteLatencyMs: number): Record<string, number> {
  const cacheRead = usage?.cacheReadInputTokens;
  const cacheWrite = usage?.cacheWriteInputTokens;
  return {
    inputTokenCount: Math.max(0, (usage?.inputTokens ?? 0) - (cacheRead ?? 0) - (cacheWrite ?? 0)),
    outputTokenCount: outputTokens,
    invocationLatency: latencyMs,
    firstByteLatency: firstByteLatencyMs,
    ...(cacheRead === undefined ? {} : { cacheReadInputTokenCount: cacheRead }),
    ...(cacheWrite === undefined ? {} : { cacheWriteInputTokenCount: cacheWrite }),
  };
}
