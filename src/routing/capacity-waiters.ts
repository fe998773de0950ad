/**
 * Requests waiting for capacity (`CapacityStore.waitForCapacity`): each resolves on the next `wakeAll`, at its
 * timeout, or when its signal aborts, whichever comes first, and leaves no timer or listener behind.
 */
import type { ScheduleTimeout } from './schedule-timeout.js';

export class CapacityWaiters {
  private readonly waiters = new Set<() => void>();

  constructor(private readonly scheduleTimeout: ScheduleTimeout) {}

  get size(): number {
    return this.waiters.size;
  }

  wait(timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let cancelTimer: (() => void) | undefined;
      const done = (): void => {
        if (!this.waiters.delete(done)) return;
        cancelTimer?.();
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
      cancelTimer = this.scheduleTimeout(done, Math.max(0, timeoutMs));
    });
  }

  /** Wakes every waiter; they race for the freed capacity with tryAcquire. */
  wakeAll(): void {
    // Each waiter removes itself from the set as it settles (deleting the visited entry is safe while iterating).
    for (const wake of this.waiters) wake();
  }
}
