/**
 * An Anthropic error answer as a failure kind: 429 `rate_limit_error` is throttled (with `retry-after`), 529
 * `overloaded_error` and 5xx are unavailable, other 4xx are the request's fault (rejected, no failover). The
 * error body contributes its type only, never its message (it may echo the prompt). Pure.
 */
import { classifyHttpStatus } from '../classify-upstream-error.js';
import { parseUpstreamErrorBody } from '../parse-upstream-error-body.js';
import { UpstreamFailure, type RateLimitObservation } from '../upstream-contract.js';

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
