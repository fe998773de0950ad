/**
 * Fail fast while a store is down. A commit that failed (PostgreSQL unreachable or frozen until the timeout, a
 * missing table) makes the commits of that store that start in the next `failFastMs` fail at once with the same
 * error, so requests queued behind a failing commit are answered within one timeout instead of waiting out one
 * each. The first commit after the window tries the store again: the trail recovers by itself.
 */

export class AuditStoreUnavailableError extends Error {
  constructor(region: string, cause: unknown) {
    super(`the audit store of ${region} is unavailable (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
    this.name = 'AuditStoreUnavailableError';
  }
}

export interface CommitFailFast {
  /** Runs `commit`, or throws at once while the store is inside its fail-fast window. */
  run<T>(commit: () => Promise<T>): Promise<T>;
  /** The failure that opened the current window, if any. */
  readonly lastFailure: Error | undefined;
}

export function createCommitFailFast(region: string, failFastMs: number, now: () => number = Date.now): CommitFailFast {
  let failedAt = -Infinity;
  let lastFailure: Error | undefined;
  return {
    async run(commit) {
      if (lastFailure && now() - failedAt < failFastMs) throw lastFailure;
      try {
        const result = await commit();
        lastFailure = undefined;
        return result;
      } catch (error) {
        failedAt = now();
        lastFailure = error instanceof AuditStoreUnavailableError ? error : new AuditStoreUnavailableError(region, error);
        throw lastFailure;
      }
    },
    get lastFailure() {
      return lastFailure;
    },
  };
}
