/**
 * Turns what went wrong on the way to an upstream into an UpstreamFailure kind, which decides failover:
 * a deadline or undici timeout is `timeout`, the client going away is `cancelled`, anything on the connection
 * (refused, reset, TLS verification) is `unavailable`. Messages are classifications only: no upstream text (a JSON
 * parse error of an upstream body quotes the body, so it is named, not copied).
 */
import { UpstreamFailure, type RateLimitObservation } from './upstream-contract.js';
import type { UpstreamErrorBody } from './parse-upstream-error-body.js';
import type { StopSignal } from '../inference/stop-signal.js';

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

export function classifyTransportError(error: unknown, signal: StopSignal, deploymentId: string): UpstreamFailure {
  if (error instanceof UpstreamFailure) return error;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    const isTimeout = reason instanceof Error && reason.name === 'TimeoutError';
    return new UpstreamFailure(isTimeout ? 'timeout' : 'cancelled', isTimeout ? `${deploymentId}: deadline exceeded` : 'client cancelled', { cause: error });
  }
  if (error instanceof SyntaxError) return new UpstreamFailure('unavailable', `${deploymentId}: the upstream answered with malformed JSON`);
  const code = (error as { code?: string } | null)?.code ?? '';
  if (TIMEOUT_CODES.has(code)) return new UpstreamFailure('timeout', `${deploymentId}: ${code}`, { cause: error });
  const detail = code !== '' ? code : error instanceof Error ? error.message : 'transport error';
  return new UpstreamFailure('unavailable', `${deploymentId}: ${detail}`, { cause: error });
}

/**
 * What a stream's transport error means once the stream may have started: the client going away stays
 * `cancelled`; anything else after the first event (`started`) is `interrupted`, since what was passed on cannot
 * be taken back; before it, the error is classified as above (so it can still fail over).
 */
export function streamTransportFailure(error: unknown, signal: StopSignal, deploymentId: string, started = true): UpstreamFailure {
  const failure = classifyTransportError(error, signal, deploymentId);
  if (error instanceof UpstreamFailure || failure.kind === 'cancelled' || !started) return failure;
  return new UpstreamFailure('interrupted', failure.message, { cause: error });
}

/** `(HTTP 400, context_length_exceeded)`: the classification georoute messages carry. */
export function describeUpstreamStatus(status: number, upstreamErrorType: string | undefined): string {
  return `(HTTP ${status}${upstreamErrorType ? `, ${upstreamErrorType}` : ''})`;
}

/** An HTTP error status from an upstream, as a failure kind; the body's text travels only as `upstreamText`. */
export function classifyHttpStatus(
  status: number,
  deploymentId: string,
  body: UpstreamErrorBody,
  extra: { retryAfterMs?: number; rateLimit?: RateLimitObservation } = {},
): UpstreamFailure {
  const classified = { status, upstreamErrorType: body.type, upstreamText: body.text };
  const described = describeUpstreamStatus(status, body.type);
  if (status === 429) return new UpstreamFailure('throttled', `${deploymentId}: throttled ${described}`, { ...classified, ...extra });
  if (status === 408 || status === 504) return new UpstreamFailure('timeout', `${deploymentId}: upstream timeout ${described}`, classified);
  if (status >= 500) return new UpstreamFailure('unavailable', `${deploymentId}: upstream error ${described}`, classified);
  return new UpstreamFailure('rejected', `${deploymentId}: rejected ${described}`, classified);
}
