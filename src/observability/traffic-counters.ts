/**
 * Traffic since start-up, for the operations dashboard: finished requests by (source region, inference region,
 * outcome), errors by code, and the last few errors. An observer of the pipeline's `onOutcome` list; each
 * observation is O(1) (a map increment and a ring-buffer write). Holds no prompt or completion content, and no
 * error messages (an upstream's message could echo a prompt): codes, statuses, regions and profile ids only.
 */
import type { RequestOutcome } from '../pipeline/request-outcome.js';

export type TrafficOutcome = 'success' | 'error';

export interface TrafficRouteCount {
  sourceRegion: string;
  /** Null when the request ended before any region served it (refused, no capacity, bad request). */
  inferenceRegion: string | null;
  outcome: TrafficOutcome;
  count: number;
}

export interface RecentTrafficError {
  /** ISO-8601 time the request arrived. */
  time: string;
  requestId: string;
  code: string;
  status: number;
  sourceRegion: string;
  inferenceRegion: string | null;
  profile: string | null;
}

export interface TrafficSnapshot {
  /** ISO-8601 time the counters started. */
  since: string;
  total: number;
  routes: TrafficRouteCount[];
  errorsByCode: Array<{ code: string; count: number }>;
  /** Newest first. */
  recentErrors: RecentTrafficError[];
}

export interface TrafficCounters {
  observe(outcome: RequestOutcome): void;
  snapshot(): TrafficSnapshot;
}

export const RECENT_ERRORS_KEPT = 20;

export function outcomeOf(outcome: RequestOutcome): TrafficOutcome {
  return outcome.error || outcome.status >= 400 ? 'error' : 'success';
}

export function createTrafficCounters(now: () => number = Date.now): TrafficCounters {
  const since = new Date(now()).toISOString();
  const routes = new Map<string, TrafficRouteCount>();
  const errorsByCode = new Map<string, number>();
  const recent: RecentTrafficError[] = [];
  let nextRecent = 0;
  let total = 0;

  return {
    observe(outcome) {
      total += 1;
      const result = outcomeOf(outcome);
      const inferenceRegion = outcome.inferenceRegionId ?? null;
      const key = `${outcome.sourceRegionId}\u0000${inferenceRegion ?? ''}\u0000${result}`;
      const entry = routes.get(key);
      if (entry) entry.count += 1;
      else routes.set(key, { sourceRegion: outcome.sourceRegionId, inferenceRegion, outcome: result, count: 1 });
      if (result === 'success') return;
      const code = outcome.error?.code ?? `http_${outcome.status}`;
      errorsByCode.set(code, (errorsByCode.get(code) ?? 0) + 1);
      recent[nextRecent] = {
        time: outcome.eventTime,
        requestId: outcome.requestId,
        code,
        status: outcome.status,
        sourceRegion: outcome.sourceRegionId,
        inferenceRegion,
        profile: outcome.profile?.id ?? null,
      };
      nextRecent = (nextRecent + 1) % RECENT_ERRORS_KEPT;
    },
    snapshot() {
      const newestFirst = [...recent.slice(0, nextRecent).reverse(), ...recent.slice(nextRecent).reverse()];
      return {
        since,
        total,
        routes: [...routes.values()].map((r) => ({ ...r })),
        errorsByCode: [...errorsByCode].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
        recentErrors: newestFirst,
      };
    },
  };
}
