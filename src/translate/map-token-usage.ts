/**
 * Token usage between the three wires. OpenAI's `prompt_tokens` includes cached tokens (`cached_tokens`);
 * Converse counts cache reads and writes apart from `inputTokens`. Nova native names the cache counts
 * `cache*InputTokenCount`.
 */
import type { ConverseUsage } from '../surfaces/bedrock-converse/converse-types.js';
import type { NovaUsage } from '../surfaces/bedrock-invoke/nova/nova-native-types.js';
import type { ChatUsage } from '../surfaces/openai-chat/openai-chat-types.js';

export function chatUsageToConverse(usage: ChatUsage): ConverseUsage {
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const converse: ConverseUsage = {
    inputTokens: Math.max(0, usage.prompt_tokens - cached),
    outputTokens: usage.completion_tokens,
    totalTokens: usage.total_tokens,
  };
  if (cached > 0) converse.cacheReadInputTokens = cached;
  return converse;
}

export function converseUsageToChat(usage: ConverseUsage): ChatUsage {
  const cacheRead = usage.cacheReadInputTokens ?? 0;
  const promptTokens = usage.inputTokens + cacheRead + (usage.cacheWriteInputTokens ?? 0);
  const chat: ChatUsage = {
    prompt_tokens: promptTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: promptTokens + usage.outputTokens,
  };
  if (cacheRead > 0) chat.prompt_tokens_details = { cached_tokens: cacheRead };
  return chat;
}

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
