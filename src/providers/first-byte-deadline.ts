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
import type { UpstreamFailure } from './upstream-contract.js';
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

/** A whole answer: status, headers (lower-case names) and the body's bytes. */
export interface WholeResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The body broke off after the headers (`body` holds what came): the caller decides what that means for its status. */
  bodyError?: UpstreamFailure;
}

/**
 * `postBeforeFirstByte` for an answer read whole (a JSON completion): the same deadline, signal and classified
 * failures, through undici's `dispatch` with a handler that gathers the body, without the request API's body stream
 * and its consumers. A failure before the headers rejects, classified; one while the body arrives resolves with the
 * status and `bodyError`.
 */
export function postWholeBeforeFirstByte(
  pool: Dispatcher,
  deployment: Deployment,
  request: { path: string; headers: Record<string, string>; body: string | Uint8Array; signal: StopSignal; abortAttempt?: (reason: Error) => void },
): Promise<WholeResponse> {
  const deadline = startFirstByteDeadline(request.signal, deployment.timeouts.firstByteMs, deployment.id, request.abortAttempt);
  const { signal } = deadline;
  return new Promise<WholeResponse>((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let statusCode = 0;
    let headers: WholeResponse['headers'] = {};
    const chunks: Buffer[] = [];
    const reason = () => (signal.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError'));
    const onAbort = () => controller?.abort(reason());
    const settle = () => {
      deadline.clear();
      signal.removeEventListener('abort', onAbort);
    };
    if (signal.aborted) {
      settle();
      reject(classifyTransportError(signal.reason, signal, deployment.id));
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    pool.dispatch({ method: 'POST', path: request.path, headers: request.headers, body: request.body }, {
      onRequestStart(started) {
        controller = started;
        if (signal.aborted) started.abort(reason());
      },
      onResponseStart(_controller, status, responseHeaders) {
        if (status < 200) return;
        deadline.clear();
        statusCode = status;
        headers = responseHeaders;
      },
      onResponseData(_controller, chunk) {
        chunks.push(chunk);
      },
      onResponseEnd() {
        settle();
        resolve({ statusCode, headers, body: chunks.length === 1 ? chunks[0] as Buffer : Buffer.concat(chunks) });
      },
      onResponseError(_controller, error) {
        settle();
        const failure = classifyTransportError(error, signal, deployment.id);
        if (statusCode === 0) reject(failure);
        else resolve({ statusCode, headers, body: Buffer.concat(chunks), bodyError: failure });
      },
    });
  });
}
