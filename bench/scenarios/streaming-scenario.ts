/**
 * Streaming scale: N concurrent streams (1,000 in the full run), each 20 chunks paced by the mock upstream, held
 * open for a fixed time, directly against the mock, through the plain node:http proxy (the Node limit, for what the
 * same streams cost a proxy that does nothing else) and through georoute (one-region profile, audit on). Reports the
 * time to first byte added by the gateway and each proxy process's peak RSS.
 */
import type { BenchOptions } from '../lib/bench-options.js';
import { startBenchGateway, startMockUpstream, startPlainProxy } from '../lib/bench-servers.js';
import { fixed } from '../lib/format-progress.js';
import { BENCH_MODEL, SOURCE_REGION } from '../lib/gateway-bench-config.js';
import { processRssMb } from '../lib/proc-stats.js';
import { runStreamClient } from '../lib/run-stream-client.js';
import type { StreamClientResult, StreamClientSpec } from '../lib/stream-client-process.js';
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
}

function describe(result: StreamClientResult): string {
  return `${result.completed} streams (${fixed(result.chunksPerStream, 0)} events each), ${result.failed} failed, peak open ${result.peakOpen}, `
    + `TTFB p50 ${fixed(result.ttfbMs.p50, 1)} ms p99 ${fixed(result.ttfbMs.p99, 1)} ms, total p50 ${fixed(result.totalMs.p50, 0)} ms`;
}

export async function runStreamingScenario(options: BenchOptions, log: (line: string) => void, openFilesLimit: string): Promise<StreamingResult> {
  const plan = options.plan.streaming;
  const mock = await startMockUpstream({ chunkIntervalMs: plan.chunkIntervalMs });
  const proxy = await startPlainProxy(mock.ready.url);
  const gateway = await startBenchGateway('streaming', { endpoints: { [SOURCE_REGION]: `${mock.ready.url}/v1` }, maxConcurrent: plan.concurrency * 2, auth: false, audit: true });
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
    };
  } finally {
    await gateway.server.stop();
    await proxy.stop();
    await mock.stop();
  }
}
