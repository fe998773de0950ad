/**
 * The per-attempt first-byte timeout, on a native timer: undici's own headersTimeout runs on coarse timers (about
 * one second of resolution), so a `firstByteMs` of 300 would fire after up to a second. The returned signal aborts
 * with a `TimeoutError` when no response headers arrived in time, or with the parent's reason when it aborts.
 */
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
