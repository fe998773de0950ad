/**
 * A one-shot "stop" notice for the gateway's own cancellation: the client went away (the listener), the request's
 * routing deadline passed (the dispatcher's scope), an attempt was given up or its first byte is late (each
 * attempt's own, which the provider gets). It is the part of `AbortSignal` the gateway uses (`aborted`, `reason`,
 * one-shot `abort` listeners), without what a real one costs: Node builds every `AbortSignal` as an `EventTarget`
 * whose prototype is set afterwards, and its listeners go through the EventTarget machinery (what replacing the
 * three of each request saved is measured in docs/benchmarks.md, the reading). undici takes a StopSignal as it
 * takes an AbortSignal (it needs `addEventListener`, `removeEventListener`, `aborted` and `reason`). A provider
 * that calls an API wanting a real AbortSignal links an AbortController to it. A real `AbortSignal` fits the
 * `StopSignal` interface, so callers and tests may pass one.
 */

export interface StopSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export class StopNotice implements StopSignal {
  private stoppedWith: { reason: unknown } | undefined;
  /** Listeners in the order they were added; each runs at most once, as `{ once: true }` listeners do. */
  private listeners: (() => void)[] | undefined;

  get aborted(): boolean {
    return this.stoppedWith !== undefined;
  }

  get reason(): unknown {
    return this.stoppedWith?.reason;
  }

  /** Stops once; later calls change nothing. Listeners run in order, and one that throws does not skip the rest. */
  abort(reason: unknown): void {
    if (this.stoppedWith !== undefined) return;
    this.stoppedWith = { reason };
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners === undefined) return;
    let failure: { error: unknown } | undefined;
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        failure ??= { error };
      }
    }
    // As an EventTarget does, a listener's error does not reach the code that aborted; it is reported instead.
    if (failure !== undefined) queueMicrotask(() => { throw failure.error; });
  }

  /** Every listener is one-shot here (`options` is accepted for AbortSignal's shape). Adding one twice is a no-op. */
  addEventListener(_type: 'abort', listener: () => void, _options?: { once?: boolean }): void {
    if (this.stoppedWith !== undefined) return;
    const listeners = (this.listeners ??= []);
    if (!listeners.includes(listener)) listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const listeners = this.listeners;
    if (listeners === undefined) return;
    const at = listeners.indexOf(listener);
    if (at !== -1) listeners.splice(at, 1);
  }
}
