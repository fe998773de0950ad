/**
 * The per-attempt first-byte timeout, on a native timer: undici's own headersTimeout runs on coarse timers (about
 * one second of resolution), so a `firstByteMs` of 300 would fire after up to a second. The returned signal aborts
 * with a `TimeoutError` when no response headers arrived in time, or with the parent's reason when it aborts.
 */
import type { Dispatcher } from 'undici';
import type { Deployment } from '../catalog/catalog-types.js';
import { classifyTransportError } from './classify-upstream-error.js';

export interface FirstByteDeadline {
  signal: AbortSignal;
  /** Response headers arrived: stop the timer (the parent signal still applies). */
  clear(): void;
}

export function startFirstByteDeadline(parent: AbortSignal, timeoutMs: number, label: string): FirstByteDeadline {
  const controller = new AbortController();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { signal: controller.signal, clear: () => undefined };
  }
  const onParentAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onParentAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new DOMException(`${label}: no response within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/**
 * POST to an upstream pool under the deployment's first-byte deadline: resolves with the response headers, or
 * rejects with the classified UpstreamFailure (timeout, cancelled, unavailable).
 */
export async function postBeforeFirstByte(
  pool: Dispatcher,
  deployment: Deployment,
  request: { path: string; headers: Record<string, string>; body: string | Uint8Array; signal: AbortSignal },
): Promise<Dispatcher.ResponseData> {
  const deadline = startFirstByteDeadline(request.signal, deployment.timeouts.firstByteMs, deployment.id);
  try {
    return await pool.request({ method: 'POST', path: request.path, headers: request.headers, body: request.body, signal: deadline.signal });
  } catch (error) {
    throw classifyTransportError(error, deadline.signal, deployment.id);
  } finally {
    deadline.clear();
  }
}
