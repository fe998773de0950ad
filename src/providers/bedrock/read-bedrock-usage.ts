/**
 * Token usage as Bedrock reports it: Converse `usage` (response body or the stream's `metadata` event), the Nova
 * native `usage` / `metadata.usage`, the `amazon-bedrock-invocationMetrics` of the last streamed chunk, and the
 * `x-amzn-bedrock-input-token-count` / `-output-token-count` (and `-cache-read-` / `-cache-write-input-token-count`)
 * headers of InvokeModel; for Claude bodies, Anthropic's own usage fields; for Llama bodies, `prompt_token_count`
 * and `generation_token_count`. Mistral's chat bodies carry none: their answer's usage is in the headers (read
 * first), their stream's in the last chunk's invocation metrics.
 */
import { usageAfterAnthropicEvent, usageFromAnthropicUsage, withCacheTokens } from '../../surfaces/anthropic-messages/read-anthropic-usage.js';
import type { TokenUsage } from '../upstream-contract.js';

type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** `{inputTokens, outputTokens, cacheReadInputTokens?, cacheWriteInputTokens?}` (Converse and Nova), else Anthropic's `usage`. */
export function usageFromUsageObject(usage: unknown): TokenUsage | undefined {
  if (!isRecord(usage)) return undefined;
  const inputTokens = count(usage.inputTokens);
  if (inputTokens === undefined) return usageFromAnthropicUsage(usage);
  return withCacheTokens({ inputTokens, outputTokens: count(usage.outputTokens) ?? 0 }, count(usage.cacheReadInputTokens), count(usage.cacheWriteInputTokens));
}

/** Llama's `{prompt_token_count, generation_token_count}` (answer or chunk; the prompt count is null after the first chunk). */
function usageFromLlamaCounts(body: Record<string, unknown>, previous?: TokenUsage): TokenUsage | undefined {
  const outputTokens = count(body.generation_token_count);
  if (outputTokens === undefined) return undefined;
  return { inputTokens: count(body.prompt_token_count) ?? previous?.inputTokens ?? 0, outputTokens };
}

/** The usage in a model-native InvokeModel answer: a `usage` object (Nova, Claude), else Llama's counts. */
export function usageFromNativeBody(body: unknown): TokenUsage | undefined {
  if (!isRecord(body)) return undefined;
  return usageFromUsageObject(body.usage) ?? usageFromLlamaCounts(body);
}

export function usageFromTokenCountHeaders(headers: HeaderBag): TokenUsage | undefined {
  const read = (name: string) => {
    const raw = headers[name];
    const text = Array.isArray(raw) ? raw[0] : raw;
    return text === undefined || !/^\d+$/.test(text) ? undefined : Number(text);
  };
  const inputTokens = read('x-amzn-bedrock-input-token-count');
  if (inputTokens === undefined) return undefined;
  const usage = { inputTokens, outputTokens: read('x-amzn-bedrock-output-token-count') ?? 0 };
  return withCacheTokens(usage, read('x-amzn-bedrock-cache-read-input-token-count'), read('x-amzn-bedrock-cache-write-input-token-count'));
}

/**
 * The usage after one model-native stream chunk (parsed JSON), given the usage before it: Bedrock's invocation
 * metrics (final), Nova `metadata.usage`, Llama's token counts, or Anthropic's `message_start` / `message_delta`.
 */
export function usageFromNativeChunk(chunk: unknown, previous?: TokenUsage): TokenUsage | undefined {
  if (!isRecord(chunk)) return previous;
  const metrics = chunk['amazon-bedrock-invocationMetrics'];
  if (isRecord(metrics) && count(metrics.inputTokenCount) !== undefined) {
    const usage = { inputTokens: count(metrics.inputTokenCount) ?? 0, outputTokens: count(metrics.outputTokenCount) ?? 0 };
    return withCacheTokens(usage, count(metrics.cacheReadInputTokenCount), count(metrics.cacheWriteInputTokenCount));
  }
  const metadata = chunk.metadata;
  if (isRecord(metadata)) return usageFromUsageObject(metadata.usage) ?? previous;
  const llama = usageFromLlamaCounts(chunk, previous);
  if (llama !== undefined) return llama;
  return usageAfterAnthropicEvent(previous, chunk);
}
