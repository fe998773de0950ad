/**
 * The InferenceObserver that traces: a SERVER span per request (started at its arrival time, a child of the
 * caller's W3C `traceparent` when it sent one), a CLIENT span per routing attempt whose context goes to the
 * upstream as `traceparent`, and an INTERNAL span for the audit commit. Attributes in gen-ai-attributes.ts.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { IncomingHttpHeaders } from 'node:http';
import type { Catalog, Deployment } from '../../catalog/catalog-types.js';
import type { RequestOutcome } from '../../pipeline/request-outcome.js';
import type { AttemptObservation, InferenceObserver, RequestObservation, RequestStart } from '../inference-observer.js';
import { attemptFailureAttributes, attemptStartAttributes, operationName, requestOutcomeAttributes, requestStartAttributes } from './gen-ai-attributes.js';

const propagator = new W3CTraceContextPropagator();

const headerGetter = {
  keys: (carrier: IncomingHttpHeaders) => Object.keys(carrier),
  get: (carrier: IncomingHttpHeaders, key: string) => carrier[key],
};
const headerSetter = {
  set: (carrier: Record<string, string>, key: string, value: string) => {
    carrier[key] = value;
  },
};

export function createRequestTracer(tracer: Tracer, catalog: Catalog, close: () => Promise<void>): InferenceObserver {
  const deployments = new Map(catalog.deployments.map((d) => [d.id, d]));
  return {
    startRequest: (start) => new TracedRequest(tracer, deployments, start),
    close,
  };
}

class TracedRequest implements RequestObservation {
  private readonly span: Span;
  private readonly context: Context;

  constructor(
    private readonly tracer: Tracer,
    private readonly deployments: ReadonlyMap<string, Deployment>,
    private readonly start: RequestStart,
  ) {
    const parent = propagator.extract(ROOT_CONTEXT, start.headers, headerGetter);
    this.span = tracer.startSpan(
      `${operationName(start.eventName)} ${start.requestedModelId}`.trim(),
      { kind: SpanKind.SERVER, startTime: start.receivedAt, attributes: requestStartAttributes(start.requestId, start.surface, start.eventName, start.requestedModelId) },
      parent,
    );
    this.context = trace.setSpan(parent, this.span);
  }

  startAttempt(deployment: Deployment, attemptNumber: number): AttemptObservation {
    const span = this.tracer.startSpan(
      `${operationName(this.start.eventName)} ${deployment.upstreamModel}`,
      { kind: SpanKind.CLIENT, attributes: attemptStartAttributes(deployment, this.start.eventName, attemptNumber) },
      this.context,
    );
    const headers: Record<string, string> = {};
    propagator.inject(trace.setSpan(this.context, span), headers, headerSetter);
    return {
      headers,
      end(failure) {
        if (failure === undefined) {
          span.setAttribute('georoute.attempt.outcome', 'success');
        } else {
          span.setAttributes(attemptFailureAttributes(failure));
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        span.end();
      },
    };
  }

  async commit<T>(outcome: RequestOutcome, record: (outcome: RequestOutcome) => Promise<T>): Promise<T> {
    const audit = this.tracer.startSpan('georoute.audit.commit', { kind: SpanKind.INTERNAL, attributes: { 'georoute.audit.region': outcome.sourceRegionId } }, this.context);
    try {
      const result = await record(outcome);
      audit.end();
      this.end(outcome);
      return result;
    } catch (error) {
      audit.setAttribute('error.type', 'audit_commit_failed');
      audit.setStatus({ code: SpanStatusCode.ERROR });
      audit.end();
      this.span.setAttribute('georoute.audit.committed', false);
      this.end(outcome);
      throw error;
    }
  }

  private end(outcome: RequestOutcome): void {
    const served = outcome.deploymentId === undefined ? undefined : this.deployments.get(outcome.deploymentId);
    this.span.setAttributes(requestOutcomeAttributes(outcome, served));
    // The status message is the error code from the catalog, never the error's text.
    if (outcome.error || outcome.status >= 500) this.span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error?.code });
    this.span.end();
  }
}
