/** OpenAI chat `usage` -> canonical usage (`prompt_tokens` already counts cached tokens). */
import type { InferenceUsage } from '../../inference/inference-usage.js';
import type { ChatUsage } from '../../surfaces/openai-chat/openai-chat-types.js';

export function mapOpenAiChatUsage(usage: ChatUsage): InferenceUsage {
  const cached = usage.prompt_tokens_details?.cached_tokens;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  return {
    inputTokens: usage.prompt_tokens,
    outputTokens: usage.completion_tokens,
    ...(cached ? { cacheReadInputTokens: cached } : {}),
    ...(reasoning ? { reasoningTokens: reasoning } : {}),
  };
}
