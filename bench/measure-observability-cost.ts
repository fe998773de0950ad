/**
 * `node bin/run-ts.js bench/measure-observability-cost.ts`: the per-request CPU cost of the observability hooks, in
 * one process with no network: the metrics observer (histograms and counters from a RequestOutcome), tracing on
 * (a request span, one attempt span with its traceparent, the audit-commit span, batched to an exporter that drops
 * them), and tracing off (the pipeline's optional calls on an undefined observer). Prints microseconds per request.
 */
import { Registry } from 'prom-client';
import type { ExportResult } from '@opentelemetry/core';
import { BatchSpanProcessor, TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import type { Catalog, Deployment, InferenceProfile } from '../src/catalog/catalog-types.js';
import type { InferenceObserver } from '../src/observability/inference-observer.js';
import { createRequestMetrics } from '../src/observability/metrics/request-metrics.js';
import { createRequestTracer } from '../src/observability/tracing/request-tracer.js';
import type { RequestOutcome } from '../src/pipeline/request-outcome.js';

const deployment = { id: 'nova@eu-west-3', modelId: 'amazon.nova-2-lite-v1:0', regionId: 'eu-west-3', provider: 'sim', upstreamModel: 'nova' } as Deployment;
const catalog = { regions: new Map([['eu-central-1', {}], ['eu-west-3', {}]]), deployments: [deployment] } as unknown as Catalog;
const profile = { id: 'eu.amazon.nova-2-lite-v1:0', type: 'SYSTEM_DEFINED', modelId: deployment.modelId } as InferenceProfile;
const outcome: RequestOutcome = {
  requestId: 'r', eventTime: '2025-01-01T00:00:00.000Z', eventName: 'ChatCompletions', surface: 'openai', sourceRegionId: 'eu-central-1',
  sourceIpAddress: '127.0.0.1', userAgent: 'bench', identity: { type: 'anonymous', id: 'anonymous', admin: true }, requestedModelId: profile.id,
  profile, boundary: ['eu-central-1', 'eu-west-3'], inferenceRegionId: 'eu-west-3', deploymentId: deployment.id,
  attempts: [{ regionId: 'eu-west-3', deploymentId: deployment.id, outcome: 'success', status: 200, durationMs: 12 }],
  usage: { inputTokens: 20, outputTokens: 40 }, stream: true, status: 200, durationMs: 80, firstTokenMs: 30,
};

function measure(name: string, iterations: number, run: () => void | Promise<void>): Promise<void> {
  return (async () => {
    for (let i = 0; i < iterations / 10; i++) await run(); // warm up
    const started = process.cpuUsage();
    const wall = performance.now();
    for (let i = 0; i < iterations; i++) await run();
    const cpu = process.cpuUsage(started);
    const us = (cpu.user + cpu.system) / iterations;
    console.log(`${name.padEnd(44)} ${us.toFixed(2).padStart(8)} µs CPU/request  (${((performance.now() - wall) * 1000 / iterations).toFixed(2)} µs wall)`);
  })();
}

const dropping: SpanExporter = {
  export: (_spans: ReadableSpan[], done: (result: ExportResult) => void) => done({ code: 0 }),
  shutdown: async () => undefined,
};
const provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter: dropping, maxQueueSize: 65_536, scheduledDelayMillis: 200 })] });
const tracing = createRequestTracer(provider.getTracer('bench'), catalog, () => provider.shutdown());
const record = async (o: RequestOutcome) => o;
const headers = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };

/** What the pipeline does at its hooks, for an observer that is there or not. */
async function hooks(observer: InferenceObserver | undefined): Promise<void> {
  const observation = observer?.startRequest({ requestId: 'r', receivedAt: Date.now(), headers, surface: 'openai', eventName: 'ChatCompletions', requestedModelId: profile.id });
  const traced = observation?.startAttempt(deployment, 1);
  void traced?.headers;
  traced?.end();
  await (observation ? observation.commit(outcome, record) : record(outcome));
}

const observeMetrics = createRequestMetrics(new Registry(), catalog);
const N = 100_000;
await measure('metrics: request-metrics observer', N, () => observeMetrics(outcome));
await measure('baseline: the audit commit alone, no hooks', N, () => record(outcome).then(() => undefined));
await measure('tracing off: hooks on an undefined observer', N, () => hooks(undefined));
await measure('tracing on: request + attempt + audit spans', N, () => hooks(tracing));
await tracing.close();
