/**
 * An Anthropic error answer as a failure kind: 429 `rate_limit_error` is throttled (with `retry-after`), 529
 * `overloaded_error` and 5xx are unavailable, other 4xx are the request's fault (rejected, no failover). The
 * error body's message is kept only as far as the other adapters keep theirs. Pure.
 */
import { classifyHttpStatus } from '../../upstreams/classify-upstream-error.js';
import { UpstreamFailure, type RateLimitObservation } from '../../upstreams/upstream-contract.js';

export function anthropicErrorMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === 'string') return parsed.error.message.slice(0, 500);
  } catch {
    // not JSON: fall through
  }
  return text.slice(0, 200) || 'the upstream rejected the request';
}

export function classifyAnthropicHttpError(
  deploymentId: string,
  status: number,
  text: string,
  extra: { retryAfterMs?: number; rateLimit?: RateLimitObservation },
): UpstreamFailure {
  const failure = classifyHttpStatus(status, deploymentId, anthropicErrorMessage(text), { retryAfterMs: extra.retryAfterMs });
  return new UpstreamFailure(failure.kind, failure.message, { status, retryAfterMs: failure.retryAfterMs ?? extra.retryAfterMs, rateLimit: extra.rateLimit });
}

/** An `error` event in a stream (`overloaded_error`, `api_error`, ...): before any content it fails over. */
export function classifyAnthropicStreamError(deploymentId: string, data: string, started: boolean): UpstreamFailure {
  let type = 'api_error';
  try {
    const parsed = JSON.parse(data) as { error?: { type?: unknown } };
    if (typeof parsed.error?.type === 'string') type = parsed.error.type;
  } catch {
    // keep api_error
  }
  if (started) return new UpstreamFailure('interrupted', `${deploymentId}: the stream failed with ${type}`);
  return new UpstreamFailure(type === 'rate_limit_error' ? 'throttled' : 'unavailable', `${deploymentId}: the stream failed with ${type}`);
}
