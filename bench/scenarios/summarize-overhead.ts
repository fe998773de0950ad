/**
 * Medians and spreads of the overhead runs per target and workload, added latency over the direct baseline, the
 * ratios issue 14 asks for (georoute over the plain node:http proxy, the Node limit; over the undici pass-through as
 * a second reference; over Portkey), and the time to first byte at concurrency 1 added over the plain proxy.
 */
import { median, spreadOf, type Spread } from '../lib/latency-summary.js';
import type { MeasuredLoad } from '../lib/measure-load.js';
import type { StreamClientResult } from '../lib/stream-client-process.js';
import type { OverheadTarget, OverheadTargetId, Workload } from './overhead-targets.js';

export interface OverheadRun {
  target: OverheadTargetId;
  workload: Workload;
  round: number;
  mode: 'closed' | 'fixed-rate';
  result: MeasuredLoad;
}

/** Time to first byte at concurrency 1 (one request at a time), per target and workload, one entry per round. */
export interface FirstByteRun {
  target: OverheadTargetId;
  workload: Workload;
  round: number;
  result: StreamClientResult;
}

export interface FirstByteRow {
  target: OverheadTargetId;
  workload: Workload;
  /** Medians over rounds of each round's p50 / p99. */
  ttfbP50Ms: number;
  ttfbP99Ms: number;
  /** Over the plain proxy's, same workload. */
  addedP50Ms?: number;
  addedP99Ms?: number;
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
  firstByte: FirstByteRow[];
}

/** Names start with the pair they compare; bench-targets.ts finds the headline ones by that prefix. */
const RATIOS: Array<[string, OverheadTargetId, OverheadTargetId]> = [
  ['d+/b (eu., auth + audit + access log, over the Node limit)', 'georoute-eu-secure', 'plain-proxy'],
  ['c/b (one region, bare)', 'georoute-one', 'plain-proxy'],
  ['c+/b (one region, auth + audit)', 'georoute-one-secure', 'plain-proxy'],
  ['d+/b2 (over the undici pass-through)', 'georoute-eu-secure', 'pass-through'],
  ['d+/e (over Portkey)', 'georoute-eu-secure', 'portkey'],
  ['c/e (one region, bare, over Portkey)', 'georoute-one', 'portkey'],
];

function summarizeFirstByte(runs: readonly FirstByteRun[]): FirstByteRow[] {
  const rows: FirstByteRow[] = [];
  for (const workload of ['json', 'stream'] as const) {
    const targets = [...new Set(runs.filter((r) => r.workload === workload).map((r) => r.target))];
    const of = (target: OverheadTargetId) => runs.filter((r) => r.target === target && r.workload === workload && r.result.completed > 0);
    const base = of('plain-proxy');
    const baseP50 = base.length > 0 ? median(base.map((r) => r.result.ttfbMs.p50)) : undefined;
    const baseP99 = base.length > 0 ? median(base.map((r) => r.result.ttfbMs.p99)) : undefined;
    for (const target of targets) {
      const mine = of(target);
      if (mine.length === 0) continue;
      const ttfbP50Ms = median(mine.map((r) => r.result.ttfbMs.p50));
      const ttfbP99Ms = median(mine.map((r) => r.result.ttfbMs.p99));
      rows.push({
        target,
        workload,
        ttfbP50Ms,
        ttfbP99Ms,
        ...(baseP50 !== undefined && baseP99 !== undefined ? { addedP50Ms: ttfbP50Ms - baseP50, addedP99Ms: ttfbP99Ms - baseP99 } : {}),
      });
    }
  }
  return rows;
}

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

export function summarizeOverhead(
  runs: OverheadRun[],
  targets: OverheadTarget[],
  peakRssMb: Partial<Record<OverheadTargetId, number>>,
  firstByte: readonly FirstByteRun[] = [],
): OverheadSummary {
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
  return { rows, ratios, firstByte: summarizeFirstByte(firstByte) };
}
