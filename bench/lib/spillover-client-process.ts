/**
 * The spillover scenario's client, in a process of its own: an open-loop request generator that sends
 * non-streaming chat requests at a fixed rate per step, with one of three strategies:
 *  - `single`: every request to one region (the source region only, as a direct invocation);
 *  - `gateway`: every request to georoute with the `eu.` profile;
 *  - `round-robin`: a naive client spreading requests over the regions in turn, retrying the next region on 429.
 * Prints `STEP <StepResult>` after each step and `RESULT <StepResult[]>` at the end.
 * Usage: `node bin/run-ts.js bench/lib/spillover-client-process.ts JSON_SPEC`.
 */
import { Pool } from 'undici';
import { percentile } from './latency-summary.js';
import { announce } from './bench-process-messages.js';

export interface SpilloverClientSpec {
  strategy: 'single' | 'gateway' | 'round-robin';
  /** Base URLs (no trailing slash): one for single/gateway, the regions' for round-robin. */
  targets: string[];
  model: string;
  maxTokens: number;
  steps: Array<{ multiplier: number; ratePerSec: number; durationSec: number }>;
  /** Longest time to wait for a step's requests to finish before the next step starts. */
  drainTimeoutMs: number;
}

export interface StepResult {
  multiplier: number;
  ratePerSec: number;
  durationSec: number;
  sent: number;
  ok: number;
  /** Requests the client finally saw answered 429 (after its retries, for round-robin). */
  throttled: number;
  otherFailures: number;
  /** Upstream tries, counting round-robin retries (1 per request for the others). */
  tries: number;
  goodputPerSec: number;
  p50Ms: number;
  p95Ms: number;
  servedByRegion: Record<string, number>;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as SpilloverClientSpec;
const pools = spec.targets.map((url) => new Pool(url, { connections: 2_048, pipelining: 1, keepAliveTimeout: 30_000 }));
const body = JSON.stringify({ model: spec.model, messages: [{ role: 'user', content: 'Summarise the benefits of regional failover.' }], max_tokens: spec.maxTokens });
let roundRobin = 0;

interface Outcome {
  status: number;
  region?: string;
  tries: number;
}

async function send(pool: Pool): Promise<{ status: number; region?: string }> {
  const response = await pool.request({ method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, body });
  await response.body.dump();
  const region = response.headers['x-georoute-inference-region'] ?? response.headers['x-sim-region'];
  return { status: response.statusCode, region: typeof region === 'string' ? region : undefined };
}

async function oneRequest(): Promise<Outcome> {
  if (spec.strategy !== 'round-robin') return { ...(await send(pools[0])), tries: 1 };
  const first = roundRobin++ % pools.length;
  let last: { status: number; region?: string } = { status: 0 };
  for (let k = 0; k < pools.length; k += 1) {
    last = await send(pools[(first + k) % pools.length]);
    if (last.status !== 429) return { ...last, tries: k + 1 };
  }
  return { ...last, tries: pools.length };
}

async function runStep(step: SpilloverClientSpec['steps'][number]): Promise<StepResult> {
  const latencies: number[] = [];
  const servedByRegion: Record<string, number> = {};
  const result: StepResult = { ...step, sent: 0, ok: 0, throttled: 0, otherFailures: 0, tries: 0, goodputPerSec: 0, p50Ms: 0, p95Ms: 0, servedByRegion };
  const inFlight = new Set<Promise<void>>();
  const fire = () => {
    const started = performance.now();
    result.sent += 1;
    const done = oneRequest()
      .then((outcome) => {
        result.tries += outcome.tries;
        if (outcome.status === 200) {
          result.ok += 1;
          latencies.push(performance.now() - started);
          const region = outcome.region ?? 'unknown';
          servedByRegion[region] = (servedByRegion[region] ?? 0) + 1;
        } else if (outcome.status === 429) result.throttled += 1;
        else result.otherFailures += 1;
      })
      .catch(() => {
        result.otherFailures += 1;
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  };
  const begin = performance.now();
  const endAt = begin + step.durationSec * 1000;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.floor(((Math.min(now, endAt) - begin) / 1000) * step.ratePerSec);
      while (result.sent < due) fire();
      if (now >= endAt) resolve();
      else setTimeout(tick, 2);
    };
    tick();
  });
  const drainDeadline = Date.now() + spec.drainTimeoutMs;
  while (inFlight.size > 0 && Date.now() < drainDeadline) await Promise.race([...inFlight, new Promise((r) => setTimeout(r, 100))]);
  result.otherFailures += inFlight.size;
  result.goodputPerSec = result.ok / step.durationSec;
  result.p50Ms = percentile(latencies, 50);
  result.p95Ms = percentile(latencies, 95);
  return result;
}

announce('READY', {});
const results: StepResult[] = [];
for (const step of spec.steps) {
  const stepResult = await runStep(step);
  results.push(stepResult);
  announce('STEP', stepResult);
}
announce('RESULT', results);
await Promise.all(pools.map((p) => p.close()));
process.exit(0);
