/** Pure: an OpenAI-compatible upstream's embeddings response (floats or base64) as the canonical result. */
import type { EmbeddingResult } from '../../inference/inference-embedding-result.js';
import { decodeFloat32Base64 } from '../../surfaces/openai-embeddings/render-openai-embeddings-response.js';
import { UpstreamFailure } from '../upstream-contract.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An upstream's OpenAI embeddings response (floats or base64) as the canonical result; throws on a malformed one. */
export function convertOpenAiEmbeddingsResponseToInference(body: unknown, expectedCount: number, deploymentId: string): EmbeddingResult {
  const data = isRecord(body) && Array.isArray(body.data) ? body.data : undefined;
  if (!data || data.length !== expectedCount) throw new UpstreamFailure('unavailable', `${deploymentId}: the embeddings response does not hold ${expectedCount} embeddings`);
  const embeddings = new Array<{ float: number[] }>(expectedCount);
  for (const [position, item] of data.entries()) {
    const index = isRecord(item) && typeof item.index === 'number' ? item.index : position;
    const raw = isRecord(item) ? item.embedding : undefined;
    const float = typeof raw === 'string' ? decodeFloat32Base64(raw) : Array.isArray(raw) && raw.every((v) => typeof v === 'number') ? (raw as number[]) : undefined;
    if (float === undefined || index < 0 || index >= expectedCount) throw new UpstreamFailure('unavailable', `${deploymentId}: the embeddings response is malformed`);
    embeddings[index] = { float };
  }
  const usage = isRecord(body) && isRecord(body.usage) ? body.usage : undefined;
  const inputTokens = typeof usage?.prompt_tokens === 'number' ? usage.prompt_tokens : 0;
  return { embeddings, inputTokens };
}
