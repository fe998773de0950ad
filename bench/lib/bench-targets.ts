/**
 * The performance targets of issue 14 (and issue 5's where 14 does not replace them), checked against one run's
 * results: each is reported as measured, with
 * whether it was met and by how much it was missed. Nothing here is asserted; the bench only reports.
 */
import type { BenchResults } from './bench-results.js';
import { fixed } from './format-progress.js';

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | undefined;
}

export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const overhead = results.overhead?.summary;
  if (overhead) {
    for (const workload of ['json', 'stream'] as const) {
      const ratio = overhead.ratios.find((r) => r.name.startsWith('d+/b ') && r.workload === workload);
      if (ratio) {
        checks.push({
          target: `georoute (auth, eu. routing, audit, access log) >= 0.8x the plain node:http proxy's req/s, ${workload}`,
          measured: `${fixed(ratio.throughput, 2)}x req/s${ratio.throughput < 0.8 ? ` (short by ${fixed((0.8 - ratio.throughput) * 100 / 0.8, 0)}%)` : ''}`,
          met: ratio.throughput >= 0.8,
        });
        const cpuMultiple = 1 / ratio.cpuEfficiency;
        checks.push({
          target: `georoute CPU per request <= 1.3x the plain proxy's, ${workload}`,
          measured: `${fixed(cpuMultiple, 2)}x`,
          met: cpuMultiple <= 1.3,
        });
      }
      const portkey = overhead.ratios.find((r) => r.name.startsWith('d+/e') && r.workload === workload);
      if (portkey) {
        checks.push({
          target: `georoute (auth, eu. routing, audit, access log) >= 8x Portkey, ${workload}`,
          measured: `${fixed(portkey.throughput, 2)}x req/s; ${fixed(portkey.cpuEfficiency, 2)}x by CPU per request`,
          met: portkey.throughput >= 8,
        });
      }
      const firstByte = overhead.firstByte?.find((r) => r.target === 'georoute-eu-secure' && r.workload === workload);
      if (firstByte?.addedP50Ms !== undefined) {
        checks.push({
          target: `added time to first byte at concurrency 1 <= 0.3 ms over the plain proxy, ${workload}`,
          measured: `+${fixed(firstByte.addedP50Ms, 3)} ms p50 (+${fixed(firstByte.addedP99Ms ?? Number.NaN, 3)} ms p99)`,
          met: firstByte.addedP50Ms <= 0.3,
        });
      }
    }
    for (const id of ['georoute-one', 'georoute-one-secure'] as const) {
      const row = overhead.rows.find((r) => r.mode === 'fixed-rate' && r.target === id);
      if (row) {
        checks.push({
          target: `added p99 < 1 ms at ${results.plan.overhead.fixedRate} req/s, ${row.label} (issue 5)`,
          measured: `${fixed(row.addedP99Ms, 2)} ms added (p99 ${fixed(row.p99Ms, 2)} ms; achieved ${fixed(row.requestsPerSec.median, 0)} req/s)`,
          met: row.addedP99Ms < 1,
        });
      }
    }
  }
  const spillover = results.spillover;
  if (spillover) {
    const steps = spillover.strategies.gateway ?? [];
    const limit = spillover.theoreticalLimitPerSec;
    const under = steps.filter((s) => s.multiplier < 5);
    const over = steps.filter((s) => s.multiplier >= 5);
    if (under.length > 0) {
      const worstShare = Math.min(...under.map((s) => s.goodputPerSec / s.ratePerSec));
      const worst429 = Math.max(...under.map((s) => s.throttled / Math.max(1, s.sent)));
      checks.push({
        target: 'spillover: < 1% client-visible 429 and goodput ~ demand while demand < 5C',
        measured: `worst step: ${fixed(worst429 * 100, 2)}% 429, goodput ${fixed(worstShare * 100, 1)}% of demand`,
        met: worst429 < 0.01 && worstShare >= 0.95,
      });
    }
    if (over.length > 0) {
      const worst = Math.min(...over.map((s) => s.goodputPerSec / limit));
      checks.push({ target: 'spillover: goodput >= 95% of 5C when demand >= 5C', measured: `worst step ${fixed(worst * 100, 1)}% of 5C`, met: worst >= 0.95 });
    }
  }
  const streaming = results.streaming;
  if (streaming) {
    const rss = streaming.gatewayPeakRssMb;
    checks.push({
      target: `${streaming.concurrency} concurrent streams under 200 MB (gateway peak RSS)`,
      measured: `${fixed(rss, 0)} MB${streaming.plainProxy ? ` (the plain proxy: ${fixed(streaming.plainProxyPeakRssMb, 0)} MB)` : ''}, ${streaming.gateway.failed} failed streams, TTFB +${fixed(streaming.addedTtfbP50Ms, 1)} ms p50 / +${fixed(streaming.addedTtfbP99Ms, 1)} ms p99`,
      met: rss === undefined ? undefined : rss < 200 && streaming.gateway.failed === 0,
    });
  }
  const audit = results.audit;
  if (audit) {
    const cost = 1 - audit.throughputRatio;
    checks.push({
      target: 'audit on vs off: <= 10% throughput cost, every response\'s record committed',
      measured: `${fixed(cost * 100, 1)}% cost; ${fixed(audit.on.recordsPerRequest, 3)} records per successful request`,
      met: cost <= 0.1 && audit.on.recordsPerRequest >= 1,
    });
  }
  const soak = results.soak;
  if (soak) {
    const slope = soak.slopesMbPerMin.rss;
    checks.push({
      target: `soak of ${fixed(soak.durationSec / 60, 0)} min: flat RSS, no growth (least-squares slope after warm-up under +0.5 MB/min; RSS that falls as the allocator returns memory is not growth)`,
      measured: `${fixed(slope, 2)} MB/min RSS (heap ${fixed(soak.slopesMbPerMin.heapUsed, 2)} MB/min)`,
      met: slope < 0.5,
    });
  }
  return checks;
}
