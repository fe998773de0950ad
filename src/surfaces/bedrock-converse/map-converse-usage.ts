/**
 * Converse usage <-> canonical usage. Converse's `inputTokens` is the uncached part with the cache counts beside
 * it, the same split as the billing usage (`TokenUsage`), so the conversion is the shared one
 * (src/providers/inference-usage-conversion.ts); Converse adds `totalTokens`, all input plus output. Pure.
 */
import type { InferenceUsage } from '../../inference/inference-usage.js';
import { inferenceUsageOf, tokenUsageOf } from '../../providers/inference-usage-conversion.js';
import type { ConverseUsage } from './converse-types.js';

export function converseUsageToInference(usage: ConverseUsage): InferenceUsage {
  return inferenceUsageOf(usage);
}

export function inferenceUsageToConverse(usage: InferenceUsage): ConverseUsage {
  return { ...tokenUsageOf(usage), totalTokens: usage.inputTokens + usage.outputTokens };
}
