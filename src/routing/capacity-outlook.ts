/**
 * Reading a DeploymentSnapshot: how much headroom it has now, and when blocked deployments will take requests
 * again (for queue waits and the Retry-After of `no_capacity`).
 */
import type { DeploymentSnapshot } from './routing-contract.js';

/** 0 (saturated, throttled) to 1 (idle): the tightest of concurrency, requests/min and tokens/min headroom. */
export function headroomOf(snapshot: DeploymentSnapshot, now: number): number {
  if (snapshot.throttledUntil > now) return 0;
  const concurrency = 1 - snapshot.inFlight / snapshot.learnedMaxConcurrent;
  const requests = 1 - snapshot.requestsLastMinute / snapshot.learnedRequestsPerMinute;
  const tokens = 1 - snapshot.tokensLastMinute / snapshot.learnedTokensPerMinute;
  const tightest = Math.min(concurrency, requests, tokens);
  return tightest > 0 ? Math.min(1, tightest) : 0;
}

/** Epoch ms before which the deployment cannot take a request whatever is released; 0 if nothing time-bound. */
export function blockedUntil(snapshot: DeploymentSnapshot): number {
  const openUntil = snapshot.breaker === 'open' ? snapshot.breakerOpenUntil ?? 0 : 0;
  return Math.max(snapshot.throttledUntil, openUntil, snapshot.rateWindowFreesAt ?? 0);
}

export interface CapacityOutlook {
  /** Earliest epoch ms a time-blocked deployment frees up; Infinity when none is time-blocked. */
  earliestFreeAt: number;
  /** Some deployment is blocked only by requests in flight (or by something a release may clear). */
  freedByRelease: boolean;
  /** Every deployment looked at has an open breaker. */
  allBreakersOpen: boolean;
}

export function capacityOutlook(snapshots: readonly DeploymentSnapshot[], now: number): CapacityOutlook {
  let earliestFreeAt = Number.POSITIVE_INFINITY;
  let freedByRelease = false;
  let allBreakersOpen = snapshots.length > 0;
  for (const snapshot of snapshots) {
    const until = blockedUntil(snapshot);
    if (until > now) earliestFreeAt = Math.min(earliestFreeAt, until);
    else freedByRelease = true;
    if (snapshot.breaker !== 'open') allBreakersOpen = false;
  }
  return { earliestFreeAt, freedByRelease, allBreakersOpen };
}

/** Whole seconds until `at` (at least 1); 1 when unknown. */
export function retryAfterSecondsUntil(at: number, now: number): number {
  if (!Number.isFinite(at)) return 1;
  return Math.max(1, Math.ceil((at - now) / 1000));
}
