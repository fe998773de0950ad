/**
 * Turns what went wrong on the way to an upstream into an UpstreamFailure kind, which decides failover:
 * a deadline or undici timeout is `timeout`, the client going away is `cancelled`, anything on the connection
 * (refused, reset, TLS verification) is `unavailable`.
 */
import { UpstreamFailure } from './upstream-contract.js';

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

export function classifyTransportError(error: unknown, signal: AbortSignal, deploymentId: string): UpstreamFailure {
  if (error instanceof UpstreamFailure) return error;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    const isTimeout = reason instanceof Error && reason.name === 'TimeoutError';
    return new UpstreamFailure(isTimeout ? 'timeout' : 'cancelled', isTimeout ? `${deploymentId}: deadline exceeded` : 'client cancelled', { cause: error });
  }
  const code = (error as { code?: string } | null)?.code ?? '';
  if (TIMEOUT_CODES.has(code)) return new UpstreamFailure('timeout', `${deploymentId}: ${code}`, { cause: error });
  const detail = code !== '' ? code : error instanceof Error ? error.message : 'transport error';
  return new UpstreamFailure('unavailable', `${deploymentId}: ${detail}`, { cause: error });
}

/** An HTTP error status from an upstream, as a failure kind. */
export function classifyHttpStatus(status: number, deploymentId: string, message: string, extra: { retryAfterMs?: number } = {}): UpstreamFailure {
  if (status === 429) return new UpstreamFailure('throttled', `${deploymentId}: throttled`, { status, ...extra });
  if (status === 408 || status === 504) return new UpstreamFailure('timeout', `${deploymentId}: upstream timeout (${status})`, { status });
  if (status >= 500) return new UpstreamFailure('unavailable', `${deploymentId}: upstream error ${status}`, { status });
  return new UpstreamFailure('rejected', message, { status });
}
