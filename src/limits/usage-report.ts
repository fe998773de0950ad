/**
 * Use against each limit, for `GET /admin/usage` and `georoute spend --limits`: per key and team with limits,
 * each limit with what the current window has used, what is left and when the window ends. Money in decimal
 * text of the limit's currency (exact micro-units underneath).
 */
import type { LimitedSubject } from './limit-stage.js';
import { spendMetric } from './limit-stage.js';
import { dayWindow, minuteWindow, monthWindow, type LimitWindow } from './limit-windows.js';
import { formatMicros, type LimitName } from './limits.js';
import type { CounterKey, SqlUsageCounterStore } from './sql-usage-counter-store.js';

export interface LimitUse {
  limit: LimitName;
  /** The window counted: `m:2026-12-01T22:14`, `d:2026-12-01`, `mo:2026-12`. */
  window: string;
  used: string;
  max: string;
  remaining: string;
  /** For money limits. */
  currency?: string;
  resetsAt: string;
}

export interface SubjectUsage {
  subject: string;
  label: string;
  limits: LimitUse[];
}

export async function reportUsage(counters: SqlUsageCounterStore, subjects: readonly LimitedSubject[], now: number): Promise<SubjectUsage[]> {
  const minute = minuteWindow(now);
  const day = dayWindow(now);
  const month = monthWindow(now);
  const rows: Array<{ at: number; key: CounterKey; name: LimitName; max: number; money?: string; window: LimitWindow }> = [];
  subjects.forEach(({ subject, limits }, at) => {
    const add = (name: LimitName, metric: string, window: LimitWindow, max: number | undefined, money?: string) => {
      if (max !== undefined) rows.push({ at, key: { subject, metric, window: window.name }, name, max, money, window });
    };
    add('requestsPerMinute', 'requests', minute, limits.requestsPerMinute);
    add('tokensPerMinute', 'tokens', minute, limits.tokensPerMinute);
    add('spendPerDay', spendMetric(limits.currency), day, limits.spendPerDayMicros, limits.currency);
    add('spendPerMonth', spendMetric(limits.currency), month, limits.spendPerMonthMicros, limits.currency);
  });
  const used = await counters.read(rows.map((r) => r.key));
  const report: SubjectUsage[] = subjects.map((s) => ({ subject: s.subject, label: s.label, limits: [] }));
  rows.forEach((row, i) => {
    const show = (n: number) => (row.money === undefined ? String(n) : formatMicros(n));
    report[row.at].limits.push({
      limit: row.name,
      window: row.key.window,
      used: show(used[i]),
      max: show(row.max),
      remaining: show(Math.max(0, row.max - used[i])),
      ...(row.money !== undefined && { currency: row.money }),
      resetsAt: new Date(row.window.endsAt).toISOString(),
    });
  });
  return report;
}
