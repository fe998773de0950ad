/**
 * Token usage between Nova's native body and Converse: both count cache reads and writes apart from `inputTokens`;
 * Nova names them `cache*InputTokenCount`. Pure.
 */
import type { ConverseUsage } from '../../bedrock-converse/converse-types.js';
import type { NovaUsage } from './nova-native-types.js';

export function novaUsageToConverse(usage: NovaUsage): ConverseUsage {
  const cacheRead = usage.cacheReadInputTokenCount;
  const cacheWrite = usage.cacheWriteInputTokenCount;
  const converse: ConverseUsage = {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    totalTokens: usage.totalTokens ?? usage.inputTokens + usage.outputTokens + (cacheRead ?? 0) + (cacheWrite ?? 0),
  };
  if (cacheRead !== undefined) converse.cacheReadInputTokens = cacheRead;
  if (cacheWrite !== undefined) converse.cacheWriteInputTokens = cacheWrite;
  return converse;
}

export function converseUsageToNova(usage: ConverseUsage): NovaUsage {
  const nova: NovaUsage = {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    totalTokens: usage.totalTokens,
  };
  if (usage.cacheReadInputTokens !== undefined) nova.cacheReadInputTokenCount = usage.cacheReadInputTokens;
  if (usage.cacheWriteInputTokens !== undefined) nova.cacheWriteInputTokenCount = usage.cacheWriteInputTokens;
  return nova;
}

/** Usage for an upstream that did not report any: the caller's input estimate and the counted output. */
export function estimatedUsage(inputTokens: number, outputTokens: number): ConverseUsage {
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}
