/**
 * The HTTP load generator, in a process of its own: autocannon, closed-loop (N connections) or at a fixed overall
 * rate. Latency percentiles are computed here from autocannon's per-response times (sub-millisecond), not from its
 * histogram (whole milliseconds). Prints `MEASURING {}` after the warm-up and `RESULT <LoadResult>` at the end.
 * Usage: `node bin/run-ts.js bench/lib/load-generator-process.ts JSON_LOAD_SPEC`.
 */
import { createRequire } from 'node:module';
import { summarizeLatencies, type LatencySummary } from './latency-summary.js';
import { announce } from './bench-process-messages.js';

export interface LoadSpec {
  url: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  warmupSec: number;
  durationSec: number;
  /** Requests per second across all connections (open-ish loop); closed loop when absent. */
  overallRate?: number;
}

export interface LoadResult {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationSec: number;
  requestsPerSec: number;
  latencyMs: LatencySummary;
}

interface AutocannonResult {
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  requests: { total: number };
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): void;
}
type Autocannon = (options: Record<string, unknown>, done: (error: Error | null, result: AutocannonResult) => void) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function run(spec: LoadSpec, durationSec: number, onLatency?: (ms: number) => void): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: spec.url,
      method: 'POST',
      headers: spec.headers,
      body: spec.body,
      connections: spec.connections,
      pipelining: 1,
      duration: durationSec,
      timeout: 30,
      ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
    }, (error, result) => (error ? reject(error) : resolve(result)));
    if (onLatency) {
      instance.on('response', (_client, statusCode, _bytes, ms) => {
        if (statusCode >= 200 && statusCode < 300) onLatency(ms);
      });
    }
  });
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
announce('READY', {});
if (spec.warmupSec > 0) await run(spec, spec.warmupSec);
const latencies: number[] = [];
announce('MEASURING', {});
const started = process.hrtime.bigint();
const result = await run(spec, spec.durationSec, (ms) => latencies.push(ms));
const elapsedSec = Number(process.hrtime.bigint() - started) / 1e9;
const output: LoadResult = {
  requests: result.requests.total,
  ok: result['2xx'],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  durationSec: elapsedSec,
  requestsPerSec: result['2xx'] / elapsedSec,
  latencyMs: summarizeLatencies(latencies),
};
announce('RESULT', output);
process.exit(0);
