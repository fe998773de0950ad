/**
 * Requests waiting for capacity (`CapacityStore.waitForCapacity`), longest-waiting first. A release wakes ONE
 * waiter (not all of them: hundreds of waiters re-planning on every release would burn the CPU exactly when the
 * gateway is saturated). A woken waiter that finds nothing it can use calls `pass()`, handing the wake to the next
 * waiter that was already waiting when the capacity was released; a waiter that waits again joins at the back and
 * cannot receive the same wake twice, so a wake travels at most once through the queue and is never lost.
 * Each wait also ends at its timeout or when its signal aborts, and leaves no timer or listener behind.
 */
import type { StopSignal } from '../inference/stop-signal.js';
import type { CapacityWake } from './routing-contract.js';
import type { ScheduleTimeout } from './schedule-timeout.js';

export const NO_WAKE: CapacityWake = { pass: () => undefined };

export class CapacityWaiters {
  /** By arrival order (Map iteration follows insertion). */
  private readonly waiters = new Map<number, (wake: CapacityWake) => void>();
  private nextSequence = 0;

  constructor(private readonly scheduleTimeout: ScheduleTimeout) {}

  get size(): number {
    return this.waiters.size;
  }

  wait(timeoutMs: number, signal: StopSignal): Promise<CapacityWake> {
    if (signal.aborted) return Promise.resolve(NO_WAKE);
    return new Promise<CapacityWake>((resolve) => {
      const sequence = this.nextSequence++;
      let cancelTimer: (() => void) | undefined;
      const settle = (wake: CapacityWake): void => {
        if (!this.waiters.delete(sequence)) return;
        cancelTimer?.();
        signal.removeEventListener('abort', stop);
        resolve(wake);
      };
      const stop = (): void => settle(NO_WAKE);
      this.waiters.set(sequence, settle);
      signal.addEventListener('abort', stop, { once: true });
      cancelTimer = this.scheduleTimeout(stop, Math.max(0, timeoutMs));
    });
  }

  /** Capacity was released: the longest-waiting waiter gets the first chance at it. */
  wakeOne(): void {
    this.wakeFirstBefore(this.nextSequence);
  }

  /** Ends every wait (shutdown). */
  wakeAll(): void {
    for (const settle of [...this.waiters.values()]) settle(NO_WAKE);
  }

  private wakeFirstBefore(limit: number): void {
    for (const [sequence, settle] of this.waiters) {
      if (sequence >= limit) return;
      let passed = false;
      settle({
        pass: () => {
          if (passed) return;
          passed = true;
          this.wakeFirstBefore(limit);
        },
      });
      return;
    }
  }
}
