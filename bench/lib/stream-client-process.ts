/**
 * Holds N streaming chat requests open at once (a new one starts as soon as one ends) for a fixed time, and
 * measures time to first byte and total time. Streams started during the warm-up (the connection storm) are not
 * counted. Prints `RESULT <StreamClientResult>`.
 * Usage: `node bin/run-ts.js bench/lib/stream-client-process.ts JSON_SPEC`.
 */
import { Agent, request } from 'node:http';
import { summarizeLatencies, type LatencySummary } from './latency-summary.js';
import { announce } from './bench-process-messages.js';

export interface StreamClientSpec {
  url: string;
  headers: Record<string, string>;
  body: string;
  concurrency: number;
  warmupSec: number;
  durationSec: number;
}

export interface StreamClientResult {
  completed: number;
  failed: number;
  peakOpen: number;
  ttfbMs: LatencySummary;
  totalMs: LatencySummary;
  chunksPerStream: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as StreamClientSpec;
const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency, maxFreeSockets: spec.concurrency });
const target = new URL(spec.url);
const ttfb: number[] = [];
const total: number[] = [];
let failed = 0;
let open = 0;
let peakOpen = 0;
let chunks = 0;
const begin = performance.now();
const measureFrom = begin + spec.warmupSec * 1000;
const stopAt = measureFrom + spec.durationSec * 1000;

function oneStream(): Promise<void> {
  return new Promise((resolve) => {
    const started = performance.now();
    const counted = started >= measureFrom;
    let first = 0;
    open += 1;
    peakOpen = Math.max(peakOpen, open);
    const finish = (ok: boolean) => {
      open -= 1;
      if (counted) {
        if (ok) {
          ttfb.push(first - started);
          total.push(performance.now() - started);
        } else failed += 1;
      }
      resolve();
    };
    const req = request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { ...spec.headers, 'content-length': Buffer.byteLength(spec.body) } }, (res) => {
      let events = 0;
      res.on('data', (chunk: Buffer) => {
        if (first === 0) first = performance.now();
        for (let i = chunk.indexOf('data: '); i !== -1; i = chunk.indexOf('data: ', i + 6)) events += 1;
      });
      res.on('end', () => {
        if (counted) chunks += events;
        finish(res.statusCode === 200 && first > 0);
      });
      res.on('error', () => finish(false));
    });
    req.on('error', () => finish(false));
    req.end(spec.body);
  });
}

async function worker(): Promise<void> {
  while (performance.now() < stopAt) await oneStream();
}

announce('READY', {});
await Promise.all(Array.from({ length: spec.concurrency }, () => worker()));
const result: StreamClientResult = {
  completed: total.length,
  failed,
  peakOpen,
  ttfbMs: summarizeLatencies(ttfb),
  totalMs: summarizeLatencies(total),
  chunksPerStream: total.length > 0 ? chunks / total.length : 0,
};
announce('RESULT', result);
agent.destroy();
process.exit(0);
