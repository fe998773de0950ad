/** Pure summary of a burst of requests: share per destination, spillover, latency percentiles, boundary breaches. */
export interface BurstResult {
  status: number;
  inferenceRegion?: string;
  latencyMs: number;
  error?: string;
}

export interface BurstSummary {
  total: number;
  succeeded: number;
  failed: number;
  byRegion: Array<{ region: string; requests: number; sharePercent: number }>;
  spilloverPercent: number;
  p50Ms: number;
  p95Ms: number;
  outsideBoundary: number;
  failuresByStatus: Array<[number, number]>;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function summarizeBurst(results: readonly BurstResult[], sourceRegionId: string, boundary: readonly string[]): BurstSummary {
  const ok = results.filter((r) => r.status === 200);
  const counts = new Map<string, number>();
  for (const r of ok) if (r.inferenceRegion) counts.set(r.inferenceRegion, (counts.get(r.inferenceRegion) ?? 0) + 1);
  const latencies = ok.map((r) => r.latencyMs).sort((a, b) => a - b);
  const failures = new Map<number, number>();
  for (const r of results) if (r.status !== 200) failures.set(r.status, (failures.get(r.status) ?? 0) + 1);
  const spilled = ok.filter((r) => r.inferenceRegion !== sourceRegionId).length;
  return {
    total: results.length,
    succeeded: ok.length,
    failed: results.length - ok.length,
    byRegion: [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([region, requests]) => ({ region, requests, sharePercent: ok.length === 0 ? 0 : (100 * requests) / ok.length })),
    spilloverPercent: ok.length === 0 ? 0 : (100 * spilled) / ok.length,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    outsideBoundary: ok.filter((r) => !r.inferenceRegion || !boundary.includes(r.inferenceRegion)).length,
    failuresByStatus: [...failures.entries()].sort((a, b) => a[0] - b[0]),
  };
}
