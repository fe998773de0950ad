/** Canonical usage -> OpenAI chat `usage` (`prompt_tokens` counts cached tokens, as OpenAI does). */
import type { InferenceUsage } from '../../inference/inference-usage.js';
import type { ChatUsage } from './openai-chat-types.js';

export function mapInferenceUsageToChat(usage: InferenceUsage): ChatUsage {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    ...(usage.cacheReadInputTokens === undefined ? {} : { prompt_tokens_details: { cached_tokens: usage.cacheReadInputTokens } }),
    ...(usage.reasoningTokens === undefined ? {} : { completion_tokens_details: { reasoning_tokens: usage.reasoningTokens } }),
  };
}
