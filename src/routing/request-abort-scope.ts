/**
 * Cancellation for one dispatch: a request-level signal that aborts when the client goes away or the routing
 * deadline passes (the only timer of a request), and per-attempt signals linked to it. All are StopNotices
 * (stop-signal.ts), not AbortSignals: a provider passes its attempt's signal to undici, which takes any object
 * with `addEventListener`, `aborted` and `reason`.
 */
import { StopNotice, type StopSignal } from '../inference/stop-signal.js';
import type { ScheduleTimeout } from './schedule-timeout.js';

export class RequestAbortScope {
  private readonly controller = new StopNotice();
  private cancelDeadline: (() => void) | undefined;
  private deadlinePassed = false;
  private readonly onClientAbort = (): void => this.controller.abort(this.client.reason);

  constructor(private readonly client: StopSignal, deadlineMs: number, scheduleTimeout: ScheduleTimeout) {
    if (client.aborted) {
      this.controller.abort(client.reason);
      return;
    }
    client.addEventListener('abort', this.onClientAbort, { once: true });
    this.cancelDeadline = scheduleTimeout(() => {
      this.deadlinePassed = true;
      this.controller.abort(new Error(`routing deadline of ${deadlineMs} ms passed`));
    }, deadlineMs);
  }

  /** Aborted on client abort or deadline. */
  get signal(): StopSignal {
    return this.controller;
  }

  get clientAborted(): boolean {
    return this.client.aborted;
  }

  get timedOut(): boolean {
    return this.deadlinePassed && !this.client.aborted;
  }

  get stopped(): boolean {
    return this.controller.aborted;
  }

  /** A signal for one attempt: aborted with the request, or by `abortAttempt` once the attempt has failed. */
  startAttempt(): AttemptHandle {
    return new AttemptHandle(this.controller);
  }

  /** The request succeeded: stop the deadline but keep the client's abort linked to the attempt that won. */
  succeeded(): void {
    this.cancelDeadline?.();
    this.cancelDeadline = undefined;
  }

  /** The request failed: stop the deadline and unlink from the client signal. */
  dispose(): void {
    this.cancelDeadline?.();
    this.cancelDeadline = undefined;
    this.client.removeEventListener('abort', this.onClientAbort);
  }
}

export class AttemptHandle {
  private readonly controller = new StopNotice();
  private readonly onParentAbort = (): void => this.controller.abort(this.parent.reason);

  constructor(private readonly parent: StopSignal) {
    if (parent.aborted) this.controller.abort(parent.reason);
    else parent.addEventListener('abort', this.onParentAbort, { once: true });
  }

  get signal(): StopSignal {
    return this.controller;
  }

  /** Aborts this attempt's signal (not the request's): a deadline of the attempt's own, such as its first byte. */
  readonly abort = (reason: Error): void => {
    this.controller.abort(reason);
  };

  /** The attempt failed or was given up: tell the adapter to stop, and unlink. */
  abandon(reason: string): void {
    this.parent.removeEventListener('abort', this.onParentAbort);
    if (!this.controller.aborted) this.controller.abort(new Error(reason));
  }

  /**
   * Settles like `promise`, or rejects (with the parent's abort reason) as soon as the request is stopped, even if
   * the adapter ignores its signal. A value the adapter produces after that is dropped: its signal is aborted, so
   * a well-behaved adapter has already cancelled what it holds.
   */
  race<T>(promise: Promise<T>): Promise<T> {
    const parent = this.parent;
    if (parent.aborted) {
      promise.catch(() => undefined);
      return Promise.reject(parent.reason);
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        promise.catch(() => undefined);
        reject(parent.reason);
      };
      parent.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          parent.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          parent.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}
