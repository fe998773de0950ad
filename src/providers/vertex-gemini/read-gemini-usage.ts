/**
 * Gemini's `usageMetadata` as canonical usage: `promptTokenCount` includes the cached prefix
 * (`cachedContentTokenCount`); output is the candidates' tokens plus the thinking tokens (`thoughtsTokenCount`),
 * which Gemini counts apart. Pure.
 */
import type { InferenceUsage } from '../../inference/inference-usage.js';

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

export function readGeminiUsage(metadata: unknown): InferenceUsage | undefined {
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const m = metadata as Record<string, unknown>;
  if (typeof m.promptTokenCount !== 'number') return undefined;
  const thoughts = count(m.thoughtsTokenCount);
  const cached = count(m.cachedContentTokenCount);
  return {
    inputTokens: count(m.promptTokenCount),
    outputTokens: count(m.candidatesTokenCount) + thoughts,
    ...(cached === 0 ? {} : { cacheReadInputTokens: cached }),
    ...(thoughts === 0 ? {} : { reasoningTokens: thoughts }),
  };
}
