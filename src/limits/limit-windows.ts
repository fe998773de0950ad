/**
 * The fixed windows limits are counted in, all UTC: the current minute (requests and tokens per minute), day and
 * month (spend). A window's name is its start; a counter is kept a while past its end so use can be reported.
 */

export interface LimitWindow {
  /** `m:2026-12-01T22:14`, `d:2026-12-01`, `mo:2026-12`. */
  name: string;
  /** Epoch ms the window ends: a refused request may retry then. */
  endsAt: number;
  /** Epoch ms after which its counter may be deleted. */
  keepUntil: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

// Every request with limits asks for its windows twice (admit, account); each kind's last one is kept, so that
// the name is formatted once a minute, not twice a request. The windows handed out are frozen: callers share them.
let lastMinute: { start: number; window: LimitWindow } | undefined;
let lastDay: { start: number; window: LimitWindow } | undefined;
let lastMonth: { start: number; window: LimitWindow } | undefined;

export function minuteWindow(now: number): LimitWindow {
  const start = Math.floor(now / MINUTE) * MINUTE;
  if (lastMinute?.start !== start) {
    lastMinute = { start, window: Object.freeze({ name: `m:${new Date(start).toISOString().slice(0, 16)}`, endsAt: start + MINUTE, keepUntil: start + 2 * MINUTE }) };
  }
  return lastMinute.window;
}

export function dayWindow(now: number): LimitWindow {
  const start = Math.floor(now / DAY) * DAY;
  if (lastDay?.start !== start) {
    lastDay = { start, window: Object.freeze({ name: `d:${new Date(start).toISOString().slice(0, 10)}`, endsAt: start + DAY, keepUntil: start + 40 * DAY }) };
  }
  return lastDay.window;
}

export function monthWindow(now: number): LimitWindow {
  if (lastMonth !== undefined && now >= lastMonth.start && now < lastMonth.window.endsAt) return lastMonth.window;
  const date = new Date(now);
  const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const endsAt = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  lastMonth = { start, window: Object.freeze({ name: `mo:${date.toISOString().slice(0, 7)}`, endsAt, keepUntil: endsAt + 400 * DAY }) };
  return lastMonth.window;
}

/** Whole seconds until `endsAt`, at least 1: the Retry-After of a refusal. */
export function secondsUntil(endsAt: number, now: number): number {
  return Math.max(1, Math.ceil((endsAt - now) / 1000));
}
