/** The outcome of a request (the input of account and audit), built from its context alone. */
import type { GeorouteError } from '../errors/error-catalog.js';
import { clientAddress, headerValue, type HttpExchange } from '../server/http-exchange.js';
import type { RequestContext } from './request-context.js';
import type { RequestOutcome } from './request-outcome.js';

/** What an outcome says of the HTTP exchange itself (ids, time, caller), the same for every pipeline. */
export function exchangeOutcomeFields(
  exchange: HttpExchange,
  status: number,
  error: GeorouteError | undefined,
): Pick<RequestOutcome, 'requestId' | 'clientRequestId' | 'eventTime' | 'sourceIpAddress' | 'userAgent' | 'status' | 'error' | 'durationMs'> {
  return {
    requestId: exchange.requestId,
    clientRequestId: exchange.clientRequestId,
    eventTime: new Date(exchange.receivedAt).toISOString(),
    sourceIpAddress: clientAddress(exchange.request),
    userAgent: headerValue(exchange.request, 'user-agent') ?? '',
    status,
    error: error && { code: error.code, message: error.message },
    durationMs: Date.now() - exchange.receivedAt,
  };
}

export function requestOutcomeOf(context: RequestContext, status: number, error?: GeorouteError): RequestOutcome {
  const { call } = context;
  const { exchange } = call;
  return {
    ...exchangeOutcomeFields(exchange, status, error),
    eventName: call.eventName,
    surface: call.auditSurface,
    sourceRegionId: call.sourceRegionId,
    identity: call.identity,
    requestedModelId: call.requestedModelId,
    profile: call.profile,
    ...context.where(),
    deploymentId: context.deployment?.id,
    attempts: context.attempts,
    boundary: context.boundary,
    usage: context.usage,
    stream: call.stream,
    firstTokenMs: context.firstOutputAt ? context.firstOutputAt - exchange.receivedAt : undefined,
    affinity: context.affinity,
    serviceTier: context.servedServiceTier ?? call.serviceTier,
  };
}
