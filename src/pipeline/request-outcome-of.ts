/** The outcome of a request (the input of account and audit), built from its context alone. */
import type { GeorouteError } from '../errors/error-catalog.js';
import { clientAddress, headerValue, type HttpExchange } from '../server/http-exchange.js';
import type { RequestContext } from './request-context.js';
import type { RequestOutcome } from './request-outcome.js';

/** What the pipeline knows of a request, beside the exchange itself, status and error. */
export type OutcomeParts = Omit<RequestOutcome, 'requestId' | 'clientRequestId' | 'eventTime' | 'sourceIpAddress' | 'userAgent' | 'status' | 'error' | 'durationMs'>;

/**
 * Every outcome is built here, as one object literal with every field of RequestOutcome in one order and no
 * spreads: all outcomes then share one shape, so the stages that read them (audit, metrics, the access log,
 * limits) stay on V8's fast property access. The exchange's own fields (ids, time, caller) are the same for every
 * pipeline.
 */
export function buildRequestOutcome(exchange: HttpExchange, status: number, error: GeorouteError | undefined, parts: OutcomeParts): RequestOutcome {
  return {
    requestId: exchange.requestId,
    clientRequestId: exchange.clientRequestId,
    eventTime: new Date(exchange.receivedAt).toISOString(),
    eventName: parts.eventName,
    surface: parts.surface,
    sourceRegionId: parts.sourceRegionId,
    sourceIpAddress: clientAddress(exchange.request),
    userAgent: headerValue(exchange.request, 'user-agent') ?? '',
    identity: parts.identity,
    requestedModelId: parts.requestedModelId,
    profile: parts.profile,
    boundary: parts.boundary,
    inferenceRegionId: parts.inferenceRegionId,
    inferenceRegionCandidates: parts.inferenceRegionCandidates,
    deploymentId: parts.deploymentId,
    attempts: parts.attempts,
    usage: parts.usage,
    stream: parts.stream,
    status,
    error: error && { code: error.code, message: error.message },
    durationMs: Date.now() - exchange.receivedAt,
    firstTokenMs: parts.firstTokenMs,
    affinity: parts.affinity,
    serviceTier: parts.serviceTier,
  };
}

export function requestOutcomeOf(context: RequestContext, status: number, error?: GeorouteError): RequestOutcome {
  const { call } = context;
  const { exchange } = call;
  const where = context.where();
  return buildRequestOutcome(exchange, status, error, {
    eventName: call.eventName,
    surface: call.auditSurface,
    sourceRegionId: call.sourceRegionId,
    identity: call.identity,
    requestedModelId: call.requestedModelId,
    profile: call.profile,
    boundary: context.boundary,
    inferenceRegionId: where?.inferenceRegionId,
    inferenceRegionCandidates: where?.inferenceRegionCandidates,
    deploymentId: context.deployment?.id,
    attempts: context.attempts,
    usage: context.usage,
    stream: call.stream,
    firstTokenMs: context.firstOutputAt ? context.firstOutputAt - exchange.receivedAt : undefined,
    affinity: context.affinity,
    serviceTier: context.servedServiceTier ?? call.serviceTier,
  });
}
