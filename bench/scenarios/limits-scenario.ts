/**
 * The cost of per-key limits: the same georoute gateway (bearer key, audit on, embedded SQLite state) with the
 * bench key's limits off and on, alternating, closed loop. With limits on, every request is admitted through the
 * limit stage (requests/min taken atomically, tokens/min and daily/monthly spend read) and accounted afterwards
 * (tokens and cost added), all in the state store. The limits are set far above the load, so none is refused:
 * what is measured is the checking, not the refusing.
 */
import type { BenchOptions } from '../lib/bench-options.js';
import { startBenchGateway, startMockUpstream, type StartedGateway } from '../lib/bench-servers.js';
import { formatLoadLine } from '../lib/format-progress.js';
import { BENCH_API_KEY, BENCH_MODEL, GENEROUS_KEY_LIMITS, SOURCE_REGION } from '../lib/gateway-bench-config.js';
import { median, spreadOf, type Spread } from '../lib/latency-summary.js';
import { measureLoad, type MeasuredLoad } from '../lib/measure-load.js';
import { requestBody } from './overhead-targets.js';

export interface LimitsResult {
  off: { runs: MeasuredLoad[]; requestsPerSec: Spread; cpuMicrosPerRequest: number; p50Ms: number; p99Ms: number; refused: number };
  on: { runs: MeasuredLoad[]; requestsPerSec: Spread; cpuMicrosPerRequest: number; p50Ms: number; p99Ms: number; refused: number };
  throughputRatio: number;
}

export async function runLimitsScenario(options: BenchOptions, log: (line: string) => void): Promise<LimitsResult> {
  const plan = options.plan.limits;
  const mock = await startMockUpstream();
  const endpoints = { [SOURCE_REGION]: `${mock.ready.url}/v1` };
  const gateways: Record<'off' | 'on', StartedGateway> = {
    off: await startBenchGateway('limits-off', { endpoints, maxConcurrent: 512, auth: true, audit: true }),
    on: await startBenchGateway('limits-on', { endpoints, maxConcurrent: 512, auth: true, audit: true, keyLimits: GENEROUS_KEY_LIMITS }),
  };
  const runs: Record<'off' | 'on', MeasuredLoad[]> = { off: [], on: [] };
  try {
    for (let round = 1; round <= plan.rounds; round += 1) {
      for (const mode of round % 2 === 1 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
        const gateway = gateways[mode];
        const result = await measureLoad(
          {
            url: `${gateway.server.ready.url}/v1/chat/completions`,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_API_KEY}` },
            body: requestBody(BENCH_MODEL, 'json'),
            connections: plan.connections,
            warmupSec: plan.warmupSec,
            durationSec: plan.durationSec,
          },
          { server: gateway.server, mock },
        );
        runs[mode].push(result);
        log(`  limits ${mode.padEnd(3)} r${round} ${formatLoadLine(result)}`);
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
    p50Ms: median(list.map((r) => r.latencyMs.p50)),
    p99Ms: median(list.map((r) => r.latencyMs.p99)),
    refused: list.reduce((sum, r) => sum + r.non2xx, 0),
  });
  const off = summarize(runs.off);
  const on = summarize(runs.on);
  return { off, on, throughputRatio: on.requestsPerSec.median / off.requestsPerSec.median };
}
