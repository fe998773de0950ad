/**
 * The one health contract of a dependency the gateway cannot serve without (the capacity store, the audit store),
 * and the readiness check built from them. `/healthz/ready` answers 503 while any dependency is not ready, so a
 * load balancer or a Kubernetes readiness probe sends traffic elsewhere; liveness (`/healthz/live`) never asks
 * a dependency, so a failing database never gets the process restarted.
 *
 * To add a dependency: implement `checkHealth()` (answer quickly; a check that takes longer than the readiness
 * timeout counts as not ready) and list it in the gateway runtime's readiness checks.
 */

export interface DependencyHealth {
  ready: boolean;
  /** One line for operators, never a secret or request content: "Redis did not answer PING (connection closed)". */
  detail?: string;
}

export interface HealthCheck {
  checkHealth(): Promise<DependencyHealth>;
}

export interface ReadinessReport {
  ready: boolean;
  /** Per dependency, by name (`capacityStore`, `audit`). */
  dependencies: Record<string, DependencyHealth>;
}

export interface ReadinessOptions {
  /** A check that has not answered after this long is not ready (default 1 000 ms). */
  timeoutMs?: number;
  /** Probes arriving within this long of the last answer get that answer (default 500 ms). */
  cacheMs?: number;
  now?: () => number;
}

/**
 * Asks every dependency, each bounded by `timeoutMs`. Concurrent probes share one round of checks and an answer
 * is reused for `cacheMs`, so an unauthenticated endpoint cannot be used to flood the databases.
 */
export function createReadinessCheck(checks: Readonly<Record<string, HealthCheck>>, options: ReadinessOptions = {}): () => Promise<ReadinessReport> {
  const timeoutMs = options.timeoutMs ?? 1_000;
  const cacheMs = options.cacheMs ?? 500;
  const now = options.now ?? Date.now;
  let pending: Promise<ReadinessReport> | undefined;
  let last: { at: number; report: ReadinessReport } | undefined;
  const run = async (): Promise<ReadinessReport> => {
    const entries = await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await boundedCheck(check, timeoutMs)] as const));
    const dependencies = Object.fromEntries(entries);
    return { ready: entries.every(([, health]) => health.ready), dependencies };
  };
  return () => {
    if (last && now() - last.at < cacheMs) return Promise.resolve(last.report);
    pending ??= run().then((report) => {
      last = { at: now(), report };
      pending = undefined;
      return report;
    });
    return pending;
  };
}

async function boundedCheck(check: HealthCheck, timeoutMs: number): Promise<DependencyHealth> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<DependencyHealth>((resolve) => {
    timer = setTimeout(() => resolve({ ready: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([check.checkHealth().catch((error: unknown) => ({ ready: false, detail: describeFailure(error) })), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** A failure's class and code, not its message: a driver's message may quote a statement or a URL. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return 'check failed';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.name} ${code}` : error.name;
}
