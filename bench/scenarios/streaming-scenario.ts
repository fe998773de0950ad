/**
 * Streaming scale: N concurrent streams (1,000 in the full run), each 20 chunks paced by the mock upstream, held
 * open for a fixed time, directly against the mock, through the plain node:http proxy (the Node limit, for what the
 * same streams cost a proxy that does nothing else) and through georoute (one-region profile, audit on). Reports the
 * time to first byte added by the gateway and each proxy process's peak RSS. A last pass sends the same load to a
 * second, identical gateway that runs a full GC every 2 s and reports its memory (memory-samples.ts): its heap used
 * after GC is what 1,000 streams keep alive, so the first gateway's growth beyond it is heap V8 had not yet
 * collected (that pass's own peak RSS is lowered by the GCs and is not the target's figure).
 */
import type { BenchOptions } from '../lib/bench-options.js';
import { startBenchGateway, startMockUpstream, startPlainProxy } from '../lib/bench-servers.js';
import { fixed } from '../lib/format-progress.js';
import { BENCH_MODEL, SOURCE_REGION, type BenchGatewayOptions } from '../lib/gateway-bench-config.js';
import { processRssMb } from '../lib/proc-stats.js';
import { runStreamClient } from '../lib/run-stream-client.js';
import type { StreamClientResult, StreamClientSpec } from '../lib/stream-client-process.js';
import type { MemorySample } from '../lib/memory-samples.js';
import { requestBody } from './overhead-targets.js';

export interface StreamingResult {
  concurrency: number;
  chunkIntervalMs: number;
  openFilesLimit: string;
  direct: StreamClientResult;
  /** Absent in results written before the plain proxy was measured here. */
  plainProxy?: StreamClientResult;
  plainProxyIdleRssMb?: number;
  plainProxyPeakRssMb?: number;
  gateway: StreamClientResult;
  addedTtfbP50Ms: number;
  addedTtfbP99Ms: number;
  gatewayIdleRssMb?: number;
  gatewayPeakRssMb?: number;
  /**
   * The pass with a full GC every `everyMs`; absent in results written before it was measured, and `everyMs` in
   * those written before it was recorded (they ran it every 2 s: `collectEverySecondsOf`).
   */
  collected?: { streams: StreamClientResult; everyMs?: number; peakRssMb?: number; maxHeapUsedAfterGcMb: number; maxHeapTotalMb: number };
}

const COLLECT_EVERY_MS = 2_000;

/** How often the collected pass ran its full GC, in seconds, for the reports. */
export function collectEverySecondsOf(collected: NonNullable<StreamingResult['collected']>): number {
  return (collected.everyMs ?? COLLECT_EVERY_MS) / 1000;
}

function describe(result: StreamClientResult): string {
  return `${result.completed} streams (${fixed(result.chunksPerStream, 0)} events each), ${result.failed} failed, peak open ${result.peakOpen}, `
    + `TTFB p50 ${fixed(result.ttfbMs.p50, 1)} ms p99 ${fixed(result.ttfbMs.p99, 1)} ms, total p50 ${fixed(result.totalMs.p50, 0)} ms`;
}

export async function runStreamingScenario(options: BenchOptions, log: (line: string) => void, openFilesLimit: string): Promise<StreamingResult> {
  const plan = options.plan.streaming;
  const mock = await startMockUpstream({ chunkIntervalMs: plan.chunkIntervalMs });
  const proxy = await startPlainProxy(mock.ready.url);
  const gatewayOptions = { endpoints: { [SOURCE_REGION]: `${mock.ready.url}/v1` }, maxConcurrent: plan.concurrency * 2, auth: false, audit: true };
  const gateway = await startBenchGateway('streaming', gatewayOptions);
  try {
    const spec = (url: string, model: string): StreamClientSpec => ({
      url: `${url}/v1/chat/completions`,
      headers: { 'content-type': 'application/json' },
      body: requestBody(model, 'stream'),
      concurrency: plan.concurrency,
      warmupSec: plan.warmupSec,
      durationSec: plan.durationSec,
    });
    log(`streaming: ${plan.concurrency} concurrent streams direct to the mock (${plan.warmupSec} s warm-up + ${plan.durationSec} s)`);
    const direct = await runStreamClient(spec(mock.ready.url, 'bench-model'));
    log(`  direct:  ${describe(direct)}`);
    const plainProxyIdleRssMb = processRssMb(proxy.pid);
    log(`streaming: ${plan.concurrency} concurrent streams through the plain node:http proxy`);
    const plainProxy = await runStreamClient(spec(proxy.ready.url, 'bench-model'));
    const plainProxyPeakRssMb = proxy.peakRssMb();
    log(`  plain proxy: ${describe(plainProxy)}; proxy peak RSS ${fixed(plainProxyPeakRssMb, 0)} MB`);
    const gatewayIdleRssMb = processRssMb(gateway.server.pid);
    log(`streaming: ${plan.concurrency} concurrent streams through georoute`);
    const through = await runStreamClient(spec(gateway.server.ready.url, BENCH_MODEL));
    const gatewayPeakRssMb = gateway.server.peakRssMb();
    log(`  georoute: ${describe(through)}; gateway peak RSS ${fixed(gatewayPeakRssMb, 0)} MB`);
    await gateway.server.stop();
    const collected = await runCollectedPass(gatewayOptions, (url) => spec(url, BENCH_MODEL));
    log(`  georoute, full GC every ${collectEverySecondsOf(collected)} s: ${describe(collected.streams)}; heap used after GC at most ${fixed(collected.maxHeapUsedAfterGcMb, 0)} MB `
      + `(heap total at most ${fixed(collected.maxHeapTotalMb, 0)} MB), peak RSS ${fixed(collected.peakRssMb, 0)} MB`);
    return {
      concurrency: plan.concurrency,
      chunkIntervalMs: plan.chunkIntervalMs,
      openFilesLimit,
      direct,
      plainProxy,
      plainProxyIdleRssMb,
      plainProxyPeakRssMb,
      gateway: through,
      addedTtfbP50Ms: through.ttfbMs.p50 - direct.ttfbMs.p50,
      addedTtfbP99Ms: through.ttfbMs.p99 - direct.ttfbMs.p99,
      gatewayIdleRssMb,
      gatewayPeakRssMb,
      collected,
    };
  } finally {
    await gateway.server.stop();
    await proxy.stop();
    await mock.stop();
  }
}

/** The same streams through a second gateway that collects its garbage every COLLECT_EVERY_MS and reports its memory. */
async function runCollectedPass(gatewayOptions: BenchGatewayOptions, spec: (url: string) => StreamClientSpec): Promise<NonNullable<StreamingResult['collected']>> {
  const samples: MemorySample[] = [];
  const gateway = await startBenchGateway('streaming-collected', gatewayOptions, [], {
    env: { GEOROUTE_BENCH_MEMORY_EVERY_MS: String(COLLECT_EVERY_MS) },
    onMessage: (kind, payload) => {
      if (kind === 'MEMORY') samples.push(payload as MemorySample);
    },
  });
  try {
    const streams = await runStreamClient(spec(gateway.server.ready.url));
    if (samples.length === 0) throw new Error(`the gateway with a GC every ${COLLECT_EVERY_MS / 1000} s reported no memory sample`);
    return {
      streams,
      everyMs: COLLECT_EVERY_MS,
      peakRssMb: gateway.server.peakRssMb(),
      maxHeapUsedAfterGcMb: Math.max(...samples.map((sample) => sample.heapUsedMb)),
      maxHeapTotalMb: Math.max(...samples.map((sample) => sample.heapTotalMb)),
    };
  } finally {
    await gateway.server.stop();
  }
}
