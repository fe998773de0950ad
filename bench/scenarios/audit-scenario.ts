/**
 * Audit cost: the same georoute gateway (one-region profile, no auth) with the audit trail off and on, alternating,
 * closed loop; audit records committed per second are counted in the SQLite stores while the load runs.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BenchOptions } from '../lib/bench-options.js';
import { startBenchGateway, startMockUpstream, type StartedGateway } from '../lib/bench-servers.js';
import { formatLoadLine, fixed } from '../lib/format-progress.js';
import { BENCH_MODEL, SOURCE_REGION } from '../lib/gateway-bench-config.js';
import { median, spreadOf, type Spread } from '../lib/latency-summary.js';
import { measureLoad, type MeasuredLoad } from '../lib/measure-load.js';
import { requestBody } from './overhead-targets.js';

export interface AuditResult {
  off: { runs: MeasuredLoad[]; requestsPerSec: Spread; cpuMicrosPerRequest: number; p99Ms: number };
  on: { runs: MeasuredLoad[]; requestsPerSec: Spread; cpuMicrosPerRequest: number; p99Ms: number; recordsPerSec: Spread; recordsPerRequest: number };
  throughputRatio: number;
}

/** Audit records in every SQLite store of a gateway's data directory. */
function countAuditRecords(dataDir: string): number {
  const dir = join(dataDir, 'audit');
  let count = 0;
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.sqlite'));
  } catch {
    return 0;
  }
  for (const file of files) {
    const db = new Database(join(dir, file), { readonly: true, fileMustExist: true });
    try {
      count += (db.prepare('SELECT count(*) AS n FROM audit_records').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }
  return count;
}

export async function runAuditScenario(options: BenchOptions, log: (line: string) => void): Promise<AuditResult> {
  const plan = options.plan.audit;
  const mock = await startMockUpstream();
  const endpoints = { [SOURCE_REGION]: `${mock.ready.url}/v1` };
  const gateways: Record<'off' | 'on', StartedGateway> = {
    off: await startBenchGateway('audit-off', { endpoints, maxConcurrent: 512, auth: false, audit: false }),
    on: await startBenchGateway('audit-on', { endpoints, maxConcurrent: 512, auth: false, audit: true }),
  };
  const runs: Record<'off' | 'on', MeasuredLoad[]> = { off: [], on: [] };
  const recordRates: number[] = [];
  const recordsPerRequest: number[] = [];
  try {
    for (let round = 1; round <= plan.rounds; round += 1) {
      for (const mode of round % 2 === 1 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
        const gateway = gateways[mode];
        let before = 0;
        let after = 0;
        const result = await measureLoad(
          { url: `${gateway.server.ready.url}/v1/chat/completions`, headers: { 'content-type': 'application/json' }, body: requestBody(BENCH_MODEL, 'json'), connections: plan.connections, warmupSec: plan.warmupSec, durationSec: plan.durationSec },
          { server: gateway.server, mock },
          mode === 'on' ? { atStart: () => (before = countAuditRecords(gateway.dataDir)), atEnd: () => (after = countAuditRecords(gateway.dataDir)) } : {},
        );
        runs[mode].push(result);
        let extra = '';
        if (mode === 'on') {
          recordRates.push((after - before) / result.durationSec);
          recordsPerRequest.push((after - before) / Math.max(1, result.ok));
          extra = `  ${fixed((after - before) / result.durationSec, 0)} records/s committed`;
        }
        log(`  audit ${mode.padEnd(3)} r${round} ${formatLoadLine(result)}${extra}`);
      }
    }
  } finally {
    await Promise.all([gateways.off.server.stop(), gateways.on.server.stop()]);
    await mock.stop();
  }
  const summarize = (list: MeasuredLoad[]) => ({
    runs: list,
    requestsPerSec: spreadOf(list.map((r) => r.requestsPerSec)),
    cpuMicrosPerRequest: median(list.map((r) => r.cpuMicrosPerRequest.server)),
    p99Ms: median(list.map((r) => r.latencyMs.p99)),
  });
  const off = summarize(runs.off);
  const on = { ...summarize(runs.on), recordsPerSec: spreadOf(recordRates), recordsPerRequest: median(recordsPerRequest) };
  return { off, on, throughputRatio: on.requestsPerSec.median / off.requestsPerSec.median };
}
