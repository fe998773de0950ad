/**
 * The five EU region simulators of the spillover scenario, in one process of their own.
 * Usage: `node bin/run-ts.js bench/lib/simulators-process.ts JSON_OPTIONS` with
 * `{ "regions": [...], "maxConcurrent": C, "timeToFirstTokenMs": N, "tokensPerSecond": N }`.
 */
import { startRegionSimulator, type RunningSimulator } from '../../sim/index.js';
import { announce, closeOnSignal } from './bench-process-messages.js';

interface SimulatorsSpec {
  regions: string[];
  maxConcurrent: number;
  timeToFirstTokenMs: number;
  tokensPerSecond: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as SimulatorsSpec;
const simulators: RunningSimulator[] = [];
for (const regionId of spec.regions) {
  simulators.push(await startRegionSimulator({
    regionId,
    maxConcurrent: spec.maxConcurrent,
    timeToFirstTokenMs: spec.timeToFirstTokenMs,
    tokensPerSecond: spec.tokensPerSecond,
    requestsPerMinute: 10_000_000,
    tokensPerMinute: 2_000_000_000,
  }));
}
announce('READY', { simulators: simulators.map((s) => ({ regionId: s.regionId, url: s.url })) });
closeOnSignal(async () => {
  await Promise.all(simulators.map((s) => s.close()));
});
