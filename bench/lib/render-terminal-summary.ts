/** The short summary printed at the end of a run: one table per scenario that ran. */
import type { BenchResults } from './bench-results.js';
import { fixed, textTable, thousands } from './format-progress.js';
import { collectEverySecondsOf } from '../scenarios/streaming-scenario.js';

export function renderTerminalSummary(results: BenchResults): string {
  const parts: string[] = [];
  const overhead = results.overhead;
  if (overhead) {
    const rows = overhead.summary.rows.filter((r) => r.mode === 'closed').map((r) => [
      `${r.workload} ${r.label}`,
      thousands(r.requestsPerSec.median),
      `${thousands(r.requestsPerSec.min)}-${thousands(r.requestsPerSec.max)}`,
      fixed(r.p50Ms, 2),
      fixed(r.p99Ms, 2),
      fixed(r.cpuMicrosPerRequest.median, 0),
      fixed(r.peakRssMb, 0),
      String(r.failures),
    ]);
    parts.push(`OVERHEAD (closed loop, medians)\n${textTable(['workload / target', 'req/s', 'spread', 'p50 ms', 'p99 ms', 'cpu us/req', 'RSS MB', 'fail'], rows)}`);
    const fixedRate = overhead.summary.rows.filter((r) => r.mode === 'fixed-rate').map((r) => [r.label, fixed(r.p50Ms, 2), fixed(r.p99Ms, 2), fixed(r.addedP99Ms, 2), fixed(r.cpuMicrosPerRequest.median, 0)]);
    if (fixedRate.length > 0) parts.push(`OVERHEAD at ${results.plan.overhead.fixedRate} req/s\n${textTable(['target', 'p50 ms', 'p99 ms', 'added p99 ms', 'cpu us/req'], fixedRate)}`);
    const ratios = overhead.summary.ratios.map((r) => [`${r.workload} ${r.name}`, fixed(r.throughput, 2), fixed(r.cpuEfficiency, 2)]);
    if (ratios.length > 0) parts.push(textTable(['ratio', 'req/s ratio', 'cpu/req ratio (inverse)'], ratios));
    if (!overhead.portkey.available) parts.push(`Portkey skipped: ${overhead.portkey.reason}`);
  }
  const spillover = results.spillover;
  if (spillover) {
    const rows: string[][] = [];
    for (const [strategy, steps] of Object.entries(spillover.strategies)) {
      for (const s of steps) {
        rows.push([strategy, `${fixed(s.multiplier, 1)}x`, fixed(s.goodputPerSec, 0), `${fixed((100 * s.goodputPerSec) / spillover.theoreticalLimitPerSec, 0)}%`, `${fixed((100 * s.throttled) / Math.max(1, s.sent), 1)}%`, fixed(s.p50Ms, 0), fixed(s.p95Ms, 0)]);
      }
    }
    parts.push(`SPILLOVER (C = ${fixed(spillover.capacityPerSec, 0)} req/s per region, 5C = ${fixed(spillover.theoreticalLimitPerSec, 0)} req/s)\n${textTable(['strategy', 'demand', 'goodput/s', 'of 5C', '429', 'p50 ms', 'p95 ms'], rows)}`);
  }
  const streaming = results.streaming;
  if (streaming) {
    const row = (path: string, r: typeof streaming.direct, rssMb?: number) => [path, String(r.completed), String(r.failed), fixed(r.ttfbMs.p50, 1), fixed(r.ttfbMs.p99, 1), fixed(rssMb, 0)];
    parts.push(`STREAMING (${streaming.concurrency} concurrent)\n${textTable(['path', 'streams', 'failed', 'TTFB p50 ms', 'TTFB p99 ms', 'peak RSS MB'], [
      row('direct', streaming.direct),
      ...(streaming.plainProxy ? [row('plain proxy', streaming.plainProxy, streaming.plainProxyPeakRssMb)] : []),
      row('georoute', streaming.gateway, streaming.gatewayPeakRssMb),
    ])}${streaming.collected ? `\ngeoroute with a full GC every ${collectEverySecondsOf(streaming.collected)} s: heap used after GC at most ${fixed(streaming.collected.maxHeapUsedAfterGcMb, 0)} MB, heap total at most ${fixed(streaming.collected.maxHeapTotalMb, 0)} MB, peak RSS ${fixed(streaming.collected.peakRssMb, 0)} MB` : ''}`);
  }
  const audit = results.audit;
  if (audit) {
    parts.push(`AUDIT\n${textTable(['audit', 'req/s', 'cpu us/req', 'p99 ms', 'records/s'], [
      ['off', thousands(audit.off.requestsPerSec.median), fixed(audit.off.cpuMicrosPerRequest, 0), fixed(audit.off.p99Ms, 2), '-'],
      ['on', thousands(audit.on.requestsPerSec.median), fixed(audit.on.cpuMicrosPerRequest, 0), fixed(audit.on.p99Ms, 2), thousands(audit.on.recordsPerSec.median)],
    ])}\non/off throughput ratio ${fixed(audit.throughputRatio, 2)}`);
  }
  const limits = results.limits;
  if (limits) {
    parts.push(`PER-KEY LIMITS\n${textTable(['limits', 'req/s', 'cpu us/req', 'p50 ms', 'p99 ms', 'refused'], [
      ['off', thousands(limits.off.requestsPerSec.median), fixed(limits.off.cpuMicrosPerRequest, 0), fixed(limits.off.p50Ms, 2), fixed(limits.off.p99Ms, 2), String(limits.off.refused)],
      ['on', thousands(limits.on.requestsPerSec.median), fixed(limits.on.cpuMicrosPerRequest, 0), fixed(limits.on.p50Ms, 2), fixed(limits.on.p99Ms, 2), String(limits.on.refused)],
    ])}\non/off throughput ratio ${fixed(limits.throughputRatio, 2)}`);
  }
  const soak = results.soak;
  if (soak) {
    parts.push(`SOAK (${soak.durationSec} s, ${soak.jsonRatePerSec} req/s + ${soak.streams} streams${soak.mallocArenaMax ? `, MALLOC_ARENA_MAX=${soak.mallocArenaMax}` : ''})\n${textTable(['memory', `at ${fixed(soak.settled.fromSec, 0)} s`, 'at end', 'slope MB/min'], [
      ['RSS MB', fixed(soak.settled.rssStartMb, 1), fixed(soak.settled.rssEndMb, 1), fixed(soak.slopesMbPerMin.rss, 2)],
      ['heap after GC MB', fixed(soak.settled.heapStartMb, 1), fixed(soak.settled.heapEndMb, 1), fixed(soak.slopesMbPerMin.heapUsed, 2)],
      ['external MB', fixed(soak.settled.externalStartMb, 1), fixed(soak.settled.externalEndMb, 1), fixed(soak.slopesMbPerMin.external, 2)],
    ])}`);
  }
  return parts.join('\n\n');
}
