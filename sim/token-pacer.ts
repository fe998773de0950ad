/**
 * Timing of output tokens. Every wait is a timer that is cleared the moment the request's signal aborts (the
 * client went away), so a disconnect frees its concurrency slot at once.
 */
import { performance } from 'node:perf_hooks';

export interface SimPacing {
  timeToFirstTokenMs: number;
  tokensPerSecond: number;
}

/** Thrown by waits when the client disconnected. */
export class RequestCancelledError extends Error {
  constructor() {
    super('The client went away.');
    this.name = 'RequestCancelledError';
  }
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new RequestCancelledError());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new RequestCancelledError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** When token `index` is due, in ms after the start of generation: ttft + index / tps. */
export function tokenDueMs(index: number, pacing: SimPacing): number {
  return pacing.timeToFirstTokenMs + (index * 1000) / pacing.tokensPerSecond;
}

/** How long a non-streamed answer of `count` tokens takes: ttft + count / tps. */
export function totalGenerationMs(count: number, pacing: SimPacing): number {
  return pacing.timeToFirstTokenMs + (count * 1000) / pacing.tokensPerSecond;
}

/**
 * Calls `emit(i)` for each of `count` tokens when it is due (measured from `startedAt`, a `performance.now()`
 * value). Tokens already due are emitted in the same tick, each by its own call, so a high rate is not limited
 * by timer resolution. Stops early and resolves false when `emit` returns false.
 */
export async function paceTokens(
  count: number,
  pacing: SimPacing,
  startedAt: number,
  signal: AbortSignal,
  emit: (index: number) => boolean,
): Promise<boolean> {
  for (let index = 0; index < count; index += 1) {
    const wait = startedAt + tokenDueMs(index, pacing) - performance.now();
    if (wait > 0) await sleep(wait, signal);
    else if (signal.aborted) throw new RequestCancelledError();
    if (!emit(index)) return false;
  }
  return true;
}
