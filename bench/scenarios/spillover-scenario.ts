/**
 * Spillover against capacity: five EU region simulators of equal capacity C (C concurrent requests each), demand
 * from one source region ramping from 0.5x to 6x C, served (i) by the source region only, (ii) by georoute with the
 * `eu.` profile, (iii) by a naive client-side round-robin with retries. C in requests per second is measured first
 * (one simulator, C connections, closed loop); the theoretical limit is 5C.
 */
import type { BenchOptions } from '../lib/bench-options.js';
import { startBenchGateway } from '../lib/bench-servers.js';
import { fixed, thousands } from '../lib/format-progress.js';
import { BENCH_MODEL, EU_REGIONS, SOURCE_REGION } from '../lib/gateway-bench-config.js';
import { CLIENT_CPUS, measureLoad, SERVER_CPUS } from '../lib/measure-load.js';
import type { SpilloverClientSpec, StepResult } from '../lib/spillover-client-process.js';
import { spawnBenchProcess } from '../lib/spawn-bench-process.js';

export type SpilloverStrategy = SpilloverClientSpec['strategy'];

export interface SpilloverResult {
  maxConcurrentPerRegion: number;
  simulator: { timeToFirstTokenMs: number; tokensPerSecond: number; maxTokens: number };
  /** Measured capacity of one region, requests per second. */
  capacityPerSec: number;
  theoreticalLimitPerSec: number;
  gatewayQueue: { maxWaiting: number; maxWaitMs: number };
  strategies: Record<SpilloverStrategy, StepResult[]>;
  /** What the simulators counted during each strategy's run (all steps): served and answered 429, per region. */
  upstreamCounts: Record<SpilloverStrategy, Record<string, { served: number; throttled: number }>>;
}

async function simulatorCounts(simulators: Array<{ regionId: string; url: string }>, reset: boolean): Promise<Record<string, { served: number; throttled: number }>> {
  const counts: Record<string, { served: number; throttled: number }> = {};
  for (const sim of simulators) {
    const stats = (await (await fetch(`${sim.url}/_sim/stats`)).json()) as { served: number; throttled: number };
    counts[sim.regionId] = { served: stats.served, throttled: stats.throttled };
    if (reset) await (await fetch(`${sim.url}/_sim/stats/reset`, { method: 'POST' })).arrayBuffer();
  }
  return counts;
}

const SIMULATOR = { timeToFirstTokenMs: 40, tokensPerSecond: 500, maxTokens: 30 };
const GATEWAY_QUEUE = { maxWaiting: 256, maxWaitMs: 2_000 };
export const STRATEGY_LABELS: Record<SpilloverStrategy, string> = {
  single: '(i) source region only',
  gateway: '(ii) georoute eu. profile',
  'round-robin': '(iii) naive round-robin + retries',
};

export async function runSpilloverScenario(options: BenchOptions, log: (line: string) => void): Promise<SpilloverResult> {
  const plan = options.plan.spillover;
  const capacity = plan.capacityPerRegion;
  const sims = await spawnBenchProcess<{ simulators: Array<{ regionId: string; url: string }> }>({
    file: 'bench/lib/simulators-process.ts',
    args: [JSON.stringify({ regions: [...EU_REGIONS], maxConcurrent: capacity, timeToFirstTokenMs: SIMULATOR.timeToFirstTokenMs, tokensPerSecond: SIMULATOR.tokensPerSecond })],
    cpus: SERVER_CPUS,
  });
  const urlOf = (region: string) => sims.ready.simulators.find((s) => s.regionId === region)?.url as string;
  const gateway = await startBenchGateway('spillover', {
    endpoints: Object.fromEntries(EU_REGIONS.map((r) => [r, `${urlOf(r)}/v1`])),
    maxConcurrent: capacity,
    auth: false,
    audit: true,
    queue: GATEWAY_QUEUE,
  });
  try {
    const body = JSON.stringify({ model: 'sim-model', messages: [{ role: 'user', content: 'Summarise the benefits of regional failover.' }], max_tokens: SIMULATOR.maxTokens });
    const calibration = await measureLoad({ url: `${urlOf(SOURCE_REGION)}/v1/chat/completions`, headers: { 'content-type': 'application/json' }, body, connections: capacity, warmupSec: 1, durationSec: plan.calibrationSec }, {});
    const capacityPerSec = calibration.requestsPerSec;
    log(`spillover: C = ${capacity} concurrent per region = ${fixed(capacityPerSec, 1)} req/s measured (p50 ${fixed(calibration.latencyMs.p50, 1)} ms); limit 5C = ${fixed(5 * capacityPerSec, 0)} req/s`);
    const steps = plan.multipliers.map((multiplier) => ({ multiplier, ratePerSec: multiplier * capacityPerSec, durationSec: plan.stepSec }));
    const targets: Record<SpilloverStrategy, { urls: string[]; model: string }> = {
      single: { urls: [urlOf(SOURCE_REGION)], model: 'sim-model' },
      gateway: { urls: [gateway.server.ready.url], model: `eu.${BENCH_MODEL}` },
      'round-robin': { urls: EU_REGIONS.map(urlOf), model: 'sim-model' },
    };
    const strategies = {} as Record<SpilloverStrategy, StepResult[]>;
    const upstreamCounts = {} as SpilloverResult['upstreamCounts'];
    for (const strategy of ['single', 'gateway', 'round-robin'] as const) {
      log(`spillover: ${STRATEGY_LABELS[strategy]}, ${steps.length} steps of ${plan.stepSec} s`);
      const spec: SpilloverClientSpec = { strategy, targets: targets[strategy].urls, model: targets[strategy].model, maxTokens: SIMULATOR.maxTokens, steps, drainTimeoutMs: 35_000 };
      await simulatorCounts(sims.ready.simulators, true);
      const client = await spawnBenchProcess({
        file: 'bench/lib/spillover-client-process.ts',
        args: [JSON.stringify(spec)],
        cpus: CLIENT_CPUS,
        onMessage: (kind, payload) => {
          if (kind !== 'STEP') return;
          const step = payload as StepResult;
          log(`  ${fixed(step.multiplier, 1)}x C (${thousands(step.ratePerSec)}/s): goodput ${fixed(step.goodputPerSec, 0)}/s = ${fixed((100 * step.goodputPerSec) / (5 * capacityPerSec), 0)}% of 5C, `
            + `429 ${fixed((100 * step.throttled) / Math.max(1, step.sent), 1)}%, other failures ${step.otherFailures}, p50 ${fixed(step.p50Ms, 0)} ms p95 ${fixed(step.p95Ms, 0)} ms`);
        },
      });
      strategies[strategy] = await client.result<StepResult[]>();
      await client.stop();
      upstreamCounts[strategy] = await simulatorCounts(sims.ready.simulators, true);
      const total = Object.values(upstreamCounts[strategy]).reduce((sum, c) => ({ served: sum.served + c.served, throttled: sum.throttled + c.throttled }), { served: 0, throttled: 0 });
      log(`  simulators: ${total.served} served, ${total.throttled} answered 429 during this strategy`);
    }
    return {
      maxConcurrentPerRegion: capacity,
      simulator: SIMULATOR,
      capacityPerSec,
      theoreticalLimitPerSec: 5 * capacityPerSec,
      gatewayQueue: GATEWAY_QUEUE,
      strategies,
      upstreamCounts,
    };
  } finally {
    await gateway.server.stop();
    await sims.stop();
  }
}
