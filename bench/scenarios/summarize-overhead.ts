/**
 * Medians and spreads of the overhead runs per target and workload, added latency over the direct baseline, and
 * the ratios the issue asks for (georoute over the bare pass-through and over Portkey).
 */
import { median, spreadOf, type Spread } from '../lib/latency-summary.js';
import type { MeasuredLoad } from '../lib/measure-load.js';
import type { OverheadTarget, OverheadTargetId, Workload } from './overhead-targets.js';

export interface OverheadRun {
  target: OverheadTargetId;
  workload: Workload;
  round: number;
  mode: 'closed' | 'fixed-rate';
  result: MeasuredLoad;
}

export interface OverheadRow {
  target: OverheadTargetId;
  label: string;
  workload: Workload;
  mode: OverheadRun['mode'];
  requestsPerSec: Spread;
  p50Ms: number;
  p99Ms: number;
  addedP50Ms: number;
  addedP99Ms: number;
  /** CPU time of the server under test (the mock itself for "direct"), microseconds per successful request. */
  cpuMicrosPerRequest: Spread;
  mockCpuMicrosPerRequest: number;
  failures: number;
  peakRssMb?: number;
}

export interface OverheadRatio {
  name: string;
  numerator: OverheadTargetId;
  denominator: OverheadTargetId;
  workload: Workload;
  /** Ratio of median req/s. */
  throughput: number;
  /** Ratio of median CPU per request, denominator over numerator (so > 1 means the numerator is cheaper). */
  cpuEfficiency: number;
}

export interface OverheadSummary {
  rows: OverheadRow[];
  ratios: OverheadRatio[];
}

const RATIOS: Array<[string, OverheadTargetId, OverheadTargetId]> = [
  ['c/b', 'georoute-one', 'pass-through'],
  ['c+/b (auth + audit)', 'georoute-one-secure', 'pass-through'],
  ['d+/b (eu., auth + audit)', 'georoute-eu-secure', 'pass-through'],
  ['c/e', 'georoute-one', 'portkey'],
  ['c+/e (auth + audit)', 'georoute-one-secure', 'portkey'],
];

function rowFor(runs: OverheadRun[], target: OverheadTarget, workload: Workload, mode: OverheadRun['mode'], baseline: OverheadRun[], peakRssMb?: number): OverheadRow | undefined {
  const mine = runs.filter((r) => r.target === target.id && r.workload === workload && r.mode === mode);
  if (mine.length === 0) return undefined;
  const p50Ms = median(mine.map((r) => r.result.latencyMs.p50));
  const p99Ms = median(mine.map((r) => r.result.latencyMs.p99));
  return {
    target: target.id,
    label: target.label,
    workload,
    mode,
    requestsPerSec: spreadOf(mine.map((r) => r.result.requestsPerSec)),
    p50Ms,
    p99Ms,
    addedP50Ms: p50Ms - median(baseline.map((r) => r.result.latencyMs.p50)),
    addedP99Ms: p99Ms - median(baseline.map((r) => r.result.latencyMs.p99)),
    cpuMicrosPerRequest: spreadOf(mine.map((r) => r.result.cpuMicrosPerRequest.server ?? Number.NaN)),
    mockCpuMicrosPerRequest: median(mine.map((r) => r.result.cpuMicrosPerRequest.mock)),
    failures: mine.reduce((sum, r) => sum + r.result.non2xx + r.result.errors + r.result.timeouts, 0),
    peakRssMb,
  };
}

export function summarizeOverhead(runs: OverheadRun[], targets: OverheadTarget[], peakRssMb: Partial<Record<OverheadTargetId, number>>): OverheadSummary {
  const rows: OverheadRow[] = [];
  for (const mode of ['closed', 'fixed-rate'] as const) {
    for (const workload of ['json', 'stream'] as const) {
      const baseline = runs.filter((r) => r.target === 'direct' && r.workload === workload && r.mode === mode);
      for (const target of targets) {
        const row = rowFor(runs, target, workload, mode, baseline, peakRssMb[target.id]);
        if (row) rows.push(row);
      }
    }
  }
  const ratios: OverheadRatio[] = [];
  for (const workload of ['json', 'stream'] as const) {
    for (const [name, numerator, denominator] of RATIOS) {
      const top = rows.find((r) => r.target === numerator && r.workload === workload && r.mode === 'closed');
      const bottom = rows.find((r) => r.target === denominator && r.workload === workload && r.mode === 'closed');
      if (!top || !bottom) continue;
      ratios.push({
        name,
        numerator,
        denominator,
        workload,
        throughput: top.requestsPerSec.median / bottom.requestsPerSec.median,
        cpuEfficiency: bottom.cpuMicrosPerRequest.median / top.cpuMicrosPerRequest.median,
      });
    }
  }
  return { rows, ratios };
}
