/**
 * An Anthropic error answer as a failure kind: 429 `rate_limit_error` is throttled (with `retry-after`), 529
 * `overloaded_error` and 5xx are unavailable, other 4xx are the request's fault (rejected, no failover). The
 * error body contributes its type only, never its message (it may echo the prompt). Pure.
 */
import { classifyHttpStatus } from '../classify-upstream-error.js';
import { parseUpstreamErrorBody, upstreamErrorIdentifier } from '../parse-upstream-error-body.js';
import { UpstreamFailure, type RateLimitObservation } from '../upstream-contract.js';
import { brokeOffAsOf } from '../classify-sse-error-chunk.js';

export function classifyAnthropicHttpError(
  deploymentId: string,
  status: number,
  text: string,
  extra: { retryAfterMs?: number; rateLimit?: RateLimitObservation },
): UpstreamFailure {
  // The error's type (`invalid_request_error`, ...) is kept; its message may echo the prompt, so it travels only on
  // the failure's upstreamText, which nothing stores or logs unless content logging is on.
  return classifyHttpStatus(status, deploymentId, parseUpstreamErrorBody(text), extra);
}

/**
 * An `error` event in a stream (`overloaded_error`, `api_error`, ...): before any content it fails over; after, the
 * stream is interrupted, and a throttle or an overload is said as such to the caller (`rate_limit_error`,
 * `overloaded_error`: the shared table of classify-sse-error-chunk.ts; `api_error` says nothing more).
 */
export function classifyAnthropicStreamError(deploymentId: string, data: string, started: boolean): UpstreamFailure {
  let type = 'api_error';
  let text: string | undefined;
  try {
    const parsed = JSON.parse(data) as { error?: { type?: unknown; message?: unknown } };
    type = upstreamErrorIdentifier(parsed.error?.type) ?? type;
    if (typeof parsed.error?.message === 'string') text = parsed.error.message;
  } catch {
    // keep api_error
  }
  const classified = { upstreamErrorType: type, upstreamText: text };
  if (started) return new UpstreamFailure('interrupted', `${deploymentId}: the stream failed with ${type}`, { ...classified, brokeOffAs: brokeOffAsOf(type) });
  return new UpstreamFailure(type === 'rate_limit_error' ? 'throttled' : 'unavailable', `${deploymentId}: the stream failed with ${type}`, classified);
}
