/**
 * The per-attempt first-byte timeout, on a native timer: undici's own headersTimeout runs on coarse timers (about
 * one second of resolution), so a `firstByteMs` of 300 would fire after up to a second. The returned signal aborts
 * with a `TimeoutError` when no response headers arrived in time, or with the parent's reason when it aborts.
 * When the caller can abort the parent itself (`abortParent`: the dispatcher's attempt, which a timeout ends
 * anyway), the timer aborts the parent and no second notice is made.
 */
import type { Dispatcher } from 'undici';
import type { Deployment } from '../catalog/catalog-types.js';
import { classifyTransportError } from './classify-upstream-error.js';
import { StopNotice, type StopSignal } from '../inference/stop-signal.js';

export interface FirstByteDeadline {
  signal: StopSignal;
  /** Response headers arrived: stop the timer (the parent signal still applies). */
  clear(): void;
}

export function startFirstByteDeadline(parent: StopSignal, timeoutMs: number, label: string, abortParent?: (reason: Error) => void): FirstByteDeadline {
  const timedOut = () => new DOMException(`${label}: no response within ${timeoutMs} ms`, 'TimeoutError');
  if (abortParent !== undefined) {
    if (parent.aborted) return { signal: parent, clear: () => undefined };
    const timer = setTimeout(() => abortParent(timedOut()), timeoutMs);
    return { signal: parent, clear: () => clearTimeout(timer) };
  }
  const controller = new StopNotice();
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { signal: controller, clear: () => undefined };
  }
  const onParentAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onParentAbort, { once: true });
  const timer = setTimeout(() => controller.abort(timedOut()), timeoutMs);
  return { signal: controller, clear: () => clearTimeout(timer) };
}

/**
 * POST to an upstream pool under the deployment's first-byte deadline: resolves with the response headers, or
 * rejects with the classified UpstreamFailure (timeout, cancelled, unavailable).
 */
export async function postBeforeFirstByte(
  pool: Dispatcher,
  deployment: Deployment,
  request: { path: string; headers: Record<string, string>; body: string | Uint8Array; signal: StopSignal; abortAttempt?: (reason: Error) => void },
): Promise<Dispatcher.ResponseData> {
  const deadline = startFirstByteDeadline(request.signal, deployment.timeouts.firstByteMs, deployment.id, request.abortAttempt);
  try {
    // undici takes any signal with addEventListener, removeEventListener, aborted and reason (lib/api/abort-signal.js),
    // so a StopNotice serves as well as an AbortSignal; test/providers/first-byte-deadline.test.ts aborts through it.
    return await pool.request({ method: 'POST', path: request.path, headers: request.headers, body: request.body, signal: deadline.signal });
  } catch (error) {
    throw classifyTransportError(error, deadline.signal, deployment.id);
  } finally {
    deadline.clear();
  }
}
