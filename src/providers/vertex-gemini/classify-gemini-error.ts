/**
 * A Vertex AI error answer as a failure kind: 429 `RESOURCE_EXHAUSTED` is throttled (its `RetryInfo.retryDelay`,
 * or `retry-after`, feeds the learned limit), 5xx unavailable, other 4xx the request's fault. The body's `status`
 * (`INVALID_ARGUMENT`, ...) is kept as the error type; its message never (it may echo the prompt). Pure.
 */
import { classifyHttpStatus } from '../classify-upstream-error.js';
import { parseDurationMs } from '../parse-rate-limit-headers.js';
import { upstreamErrorIdentifier } from '../parse-upstream-error-body.js';
import type { RateLimitObservation, UpstreamFailure } from '../upstream-contract.js';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function classifyGeminiHttpError(
  deploymentId: string,
  status: number,
  text: string,
  extra: { retryAfterMs?: number; rateLimit?: RateLimitObservation },
): UpstreamFailure {
  let error: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    error = record(Array.isArray(parsed) ? parsed[0] : parsed)?.error as Record<string, unknown> | undefined;
    error = record(error);
  } catch {
    error = undefined;
  }
  const details = Array.isArray(error?.details) ? error.details : [];
  const retryDelay = details.map((d) => record(d)).find((d) => typeof d?.['@type'] === 'string' && String(d['@type']).endsWith('RetryInfo'))?.retryDelay;
  const retryAfterMs = typeof retryDelay === 'string' ? parseDurationMs(retryDelay) : undefined;
  const message = typeof error?.message === 'string' ? error.message : text;
  return classifyHttpStatus(status, deploymentId, { type: upstreamErrorIdentifier(error?.status), text: message === '' ? undefined : message.slice(0, 500) }, {
    ...extra,
    retryAfterMs: retryAfterMs ?? extra.retryAfterMs,
  });
}
