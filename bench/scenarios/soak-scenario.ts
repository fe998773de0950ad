/**
 * Soak: steady load on one georoute gateway (one-region profile, audit on, no auth) for a long time (10 minutes in
 * the full run), sampling its memory every few seconds after a forced GC: RSS, heap used, external and ArrayBuffer
 * memory. A heap that stays flat while RSS climbs is native growth (malloc arenas, SQLite, sockets); the slopes over
 * the part after the warm-up say which grows and how fast.
 */
import type { BenchOptions } from '../lib/bench-options.js';
import { startBenchGateway, startMockUpstream } from '../lib/bench-servers.js';
import { fixed } from '../lib/format-progress.js';
import { BENCH_MODEL, SOURCE_REGION } from '../lib/gateway-bench-config.js';
import { CLIENT_CPUS, measureLoad, type MeasuredLoad } from '../lib/measure-load.js';
import type { MemorySample } from '../lib/memory-samples.js';
import { spawnBenchProcess } from '../lib/spawn-bench-process.js';
import type { StreamClientResult, StreamClientSpec } from '../lib/stream-client-process.js';
import { requestBody } from './overhead-targets.js';

export interface SoakResult {
  durationSec: number;
  jsonRatePerSec: number;
  streams: number;
  /** MALLOC_ARENA_MAX of the gateway process, when set. */
  mallocArenaMax?: string;
  json: MeasuredLoad;
  stream: StreamClientResult;
  samples: MemorySample[];
  /** From the first sample after the warm-up to the last. */
  settled: { fromSec: number; rssStartMb: number; rssEndMb: number; heapStartMb: number; heapEndMb: number; externalStartMb: number; externalEndMb: number };
  /** Least-squares slopes over the samples after the warm-up, MB per minute. */
  slopesMbPerMin: { rss: number; heapUsed: number; external: number; arrayBuffers: number };
  peakRssMb?: number;
}

/** Least-squares slope of `value` over `t` (seconds), in units per minute. */
export function slopePerMinute(samples: readonly MemorySample[], value: (s: MemorySample) => number): number {
  const n = samples.length;
  if (n < 2) return 0;
  const meanT = samples.reduce((a, s) => a + s.t, 0) / n;
  const meanV = samples.reduce((a, s) => a + value(s), 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.t - meanT) * (value(s) - meanV);
    den += (s.t - meanT) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 60;
}

export async function runSoakScenario(options: BenchOptions, log: (line: string) => void): Promise<SoakResult> {
  const plan = options.plan.soak;
  const samples: MemorySample[] = [];
  const mock = await startMockUpstream({ chunkIntervalMs: plan.chunkIntervalMs });
  const gateway = await startBenchGateway(
    'soak',
    { endpoints: { [SOURCE_REGION]: `${mock.ready.url}/v1` }, maxConcurrent: 1_024, auth: false, audit: true },
    [],
    {
      env: { GEOROUTE_BENCH_MEMORY_EVERY_MS: String(plan.sampleEverySec * 1000) },
      onMessage: (kind, payload) => {
        if (kind !== 'MEMORY') return;
        const sample = payload as MemorySample;
        samples.push(sample);
        if (samples.length % Math.max(1, Math.round(60 / plan.sampleEverySec)) === 0) {
          log(`  soak ${fixed(sample.t, 0)} s: RSS ${fixed(sample.rssMb, 1)} MB, heap after GC ${fixed(sample.heapUsedMb, 1)} MB, external ${fixed(sample.externalMb, 1)} MB`);
        }
      },
    },
  );
  try {
    log(`soak: ${plan.durationSec} s of ${plan.jsonRatePerSec} req/s non-streaming + ${plan.streams} streams held open, memory every ${plan.sampleEverySec} s`);
    const url = `${gateway.server.ready.url}/v1/chat/completions`;
    const headers = { 'content-type': 'application/json' };
    const streamSpec: StreamClientSpec = { url, headers, body: requestBody(BENCH_MODEL, 'stream'), concurrency: plan.streams, warmupSec: 0, durationSec: plan.durationSec };
    const streamClient = await spawnBenchProcess({ file: 'bench/lib/stream-client-process.ts', args: [JSON.stringify(streamSpec)], cpus: CLIENT_CPUS });
    const [json, stream] = await Promise.all([
      measureLoad({ url, headers, body: requestBody(BENCH_MODEL, 'json'), connections: 16, warmupSec: 0, durationSec: plan.durationSec, overallRate: plan.jsonRatePerSec }, { gateway: gateway.server }),
      streamClient.result<StreamClientResult>().finally(() => streamClient.stop()),
    ]);
    const settledSamples = samples.filter((s) => s.t >= plan.warmupSec);
    const first = settledSamples[0] ?? samples[0];
    const last = samples[samples.length - 1];
    const result: SoakResult = {
      durationSec: plan.durationSec,
      jsonRatePerSec: plan.jsonRatePerSec,
      streams: plan.streams,
      mallocArenaMax: process.env.MALLOC_ARENA_MAX,
      json,
      stream,
      samples,
      settled: {
        fromSec: first.t,
        rssStartMb: first.rssMb,
        rssEndMb: last.rssMb,
        heapStartMb: first.heapUsedMb,
        heapEndMb: last.heapUsedMb,
        externalStartMb: first.externalMb,
        externalEndMb: last.externalMb,
      },
      slopesMbPerMin: {
        rss: slopePerMinute(settledSamples, (s) => s.rssMb),
        heapUsed: slopePerMinute(settledSamples, (s) => s.heapUsedMb),
        external: slopePerMinute(settledSamples, (s) => s.externalMb),
        arrayBuffers: slopePerMinute(settledSamples, (s) => s.arrayBuffersMb),
      },
      peakRssMb: gateway.server.peakRssMb(),
    };
    log(`  soak: ${json.ok} non-streaming ok (${json.non2xx + json.errors} failed), ${stream.completed} streams (${stream.failed} failed); `
      + `RSS ${fixed(result.settled.rssStartMb, 1)} -> ${fixed(result.settled.rssEndMb, 1)} MB (${fixed(result.slopesMbPerMin.rss, 2)} MB/min), `
      + `heap ${fixed(result.settled.heapStartMb, 1)} -> ${fixed(result.settled.heapEndMb, 1)} MB (${fixed(result.slopesMbPerMin.heapUsed, 2)} MB/min)`);
    return result;
  } finally {
    await gateway.server.stop();
    await mock.stop();
  }
}
