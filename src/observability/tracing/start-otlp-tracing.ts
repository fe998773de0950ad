/**
 * Tracing on (observability.tracing.enabled): a tracer provider of this gateway (never the global one), spans batched
 * and exported over OTLP/HTTP (JSON) to the configured endpoint, or to the one the standard OTEL_EXPORTER_OTLP_*
 * variables name (headers for a collector's credentials included). Export failures never touch a request.
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Catalog } from '../../catalog/catalog-types.js';
import type { TracingConfig } from '../../config/config-schema.js';
import type { InferenceObserver } from '../inference-observer.js';
import { createRequestTracer } from './request-tracer.js';

/** Longest a shutdown waits for the last export, so a dead collector never holds up the gateway's exit. */
const SHUTDOWN_WAIT_MS = 5_000;

export function startOtlpTracing(config: TracingConfig, catalog: Catalog): InferenceObserver {
  const exporter = new OTLPTraceExporter({ ...(config.endpoint ? { url: config.endpoint } : {}), timeoutMillis: 10_000 });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRatio) }),
    spanProcessors: [new BatchSpanProcessor({ exporter, exportTimeoutMillis: 10_000 })],
  });
  const tracer = provider.getTracer('georoute');
  const close = async (): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, SHUTDOWN_WAIT_MS);
      timer.unref();
    });
    await Promise.race([provider.shutdown().catch(() => undefined), gaveUp]);
    clearTimeout(timer);
  };
  return createRequestTracer(tracer, catalog, close);
}
