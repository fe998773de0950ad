/**
 * Token usage as Bedrock reports it: Converse `usage` (response body or the stream's `metadata` event), the Nova
 * native `usage` / `metadata.usage`, the `amazon-bedrock-invocationMetrics` of the last streamed chunk, and the
 * `x-amzn-bedrock-input-token-count` / `-output-token-count` headers of InvokeModel.
 */
import type { TokenUsage } from '../upstream-contract.js';

type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** `{inputTokens, outputTokens}` (Converse and Nova). */
export function usageFromUsageObject(usage: unknown): TokenUsage | undefined {
  if (!isRecord(usage)) return undefined;
  const inputTokens = count(usage.inputTokens);
  if (inputTokens === undefined) return undefined;
  return { inputTokens, outputTokens: count(usage.outputTokens) ?? 0 };
}

export function usageFromTokenCountHeaders(headers: HeaderBag): TokenUsage | undefined {
  const read = (name: string) => {
    const raw = headers[name];
    const text = Array.isArray(raw) ? raw[0] : raw;
    return text === undefined || !/^\d+$/.test(text) ? undefined : Number(text);
  };
  const inputTokens = read('x-amzn-bedrock-input-token-count');
  if (inputTokens === undefined) return undefined;
  return { inputTokens, outputTokens: read('x-amzn-bedrock-output-token-count') ?? 0 };
}

/** One model-native stream chunk (parsed JSON): Nova `metadata.usage` or Bedrock's invocation metrics. */
export function usageFromNativeChunk(chunk: unknown): TokenUsage | undefined {
  if (!isRecord(chunk)) return undefined;
  const metrics = chunk['amazon-bedrock-invocationMetrics'];
  if (isRecord(metrics) && count(metrics.inputTokenCount) !== undefined) {
    return { inputTokens: count(metrics.inputTokenCount) ?? 0, outputTokens: count(metrics.outputTokenCount) ?? 0 };
  }
  const metadata = chunk.metadata;
  return isRecord(metadata) ? usageFromUsageObject(metadata.usage) : undefined;
}
