/**
 * The one way the routing stage waits for time to pass. Injected (with a `now` clock) so tests drive deadlines,
 * queue waits and breaker windows deterministically instead of sleeping.
 */

/** Calls `callback` once after `delayMs`; the returned function cancels it (idempotent). */
export type ScheduleTimeout = (callback: () => void, delayMs: number) => () => void;

export const realScheduleTimeout: ScheduleTimeout = (callback, delayMs) => {
  const timer = setTimeout(callback, Math.max(0, delayMs));
  return () => clearTimeout(timer);
};
