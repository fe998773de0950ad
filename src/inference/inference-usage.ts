/** Token usage of one answer. */
export interface InferenceUsage {
  /**
   * All input tokens the model processed, cache reads and writes included (OpenAI `prompt_tokens`; Converse and
   * Anthropic report the uncached part, so their converters add the cache counts).
   */
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the prompt cache (a subset of `inputTokens`). */
  cacheReadInputTokens?: number;
  /** Input tokens written to the prompt cache (a subset of `inputTokens`). */
  cacheWriteInputTokens?: number;
  /** Output tokens spent on reasoning (a subset of `outputTokens`), when the upstream says. */
  reasoningTokens?: number;
}
