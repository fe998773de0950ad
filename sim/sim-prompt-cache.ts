/**
 * The simulator's prompt cache (Anthropic `cache_control`): a prefix is written the first time it is seen and read
 * on every later request with the same prefix, as Anthropic reports it (`cache_creation_input_tokens`, then
 * `cache_read_input_tokens`; `input_tokens` counts only what came after the prefix). One cache per simulator,
 * bounded; no time-to-live (a test run is shorter than Anthropic's five minutes).
 */
import { countInputTokens, hashText } from './deterministic-text.js';

const maxEntries = 10_000;

export interface PromptCacheSplit {
  inputTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
}

export class SimPromptCache {
  private readonly seen = new Set<string>();

  /** Splits `totalInputTokens` for a request whose cache prefix is `prefixTexts` (none: nothing cached). */
  split(totalInputTokens: number, prefixTexts: readonly string[] | undefined): PromptCacheSplit {
    if (prefixTexts === undefined || prefixTexts.length === 0) {
      return { inputTokens: totalInputTokens, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 };
    }
    const prefixTokens = Math.min(totalInputTokens, countInputTokens(prefixTexts));
    const key = `${hashText(prefixTexts.join('\u0000')).toString(16)}:${prefixTexts.length}:${prefixTokens}`;
    const hit = this.seen.has(key);
    if (!hit) {
      if (this.seen.size >= maxEntries) this.seen.clear();
      this.seen.add(key);
    }
    return {
      inputTokens: totalInputTokens - prefixTokens,
      cacheReadInputTokens: hit ? prefixTokens : 0,
      cacheWriteInputTokens: hit ? 0 : prefixTokens,
    };
  }
}
