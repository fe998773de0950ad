/**
 * The stages after a request is understood: plan route and dispatch (with failover inside the residency
 * boundary), stream back, account, audit. Shared by every API surface; each surface supplies a writer for its
 * wire format. No response completes before its audit record is committed.
 */
import type { Identity } from '../auth/identity.js';
import type { Deployment, InferenceProfile } from '../catalog/catalog-types.js';
import { GeorouteError, toGeorouteError } from '../errors/error-catalog.js';
import type { AttemptRecord, CapacityLease } from '../routing/routing-contract.js';
import type { HttpExchange } from '../server/http-exchange.js';
import { UpstreamFailure, type TokenUsage, type UpstreamResponse, type UpstreamStreamResponse, type WireFormat } from '../providers/upstream-contract.js';
import { StreamOutputCounter } from './count-stream-output.js';
import { findFormatBridge, type BridgeContext, type FormatBridge } from './format-bridge.js';
import type { InferenceResponseWriter } from './inference-response-writer.js';
import { findUnhonouredSettings } from '../capabilities/find-unhonoured-settings.js';
import type { InferenceSettingName } from '../inference/inference-settings.js';
import type { PipelineServices } from './pipeline-services.js';
import type { EventName, RequestOutcome } from './request-outcome.js';
import { headerValue, clientAddress } from '../server/http-exchange.js';
import { whereProcessed, type WhereProcessed } from './where-processed.js';

export interface InferenceCall {
  exchange: HttpExchange;
  surface: RequestOutcome['surface'];
  eventName: EventName;
  identity: Identity;
  sourceRegionId: string;
  requestedModelId: string;
  profile: InferenceProfile;
  format: WireFormat;
  body: Record<string, unknown> | Uint8Array;
  stream: boolean;
  estimatedInputTokens: number;
  maxOutputTokens: number;
  /** `x-georoute-session-id`, when the client asked for session affinity. */
  sessionId?: string;
  /**
   * What the request asks for that a deployment may be unable to honour (src/capabilities/). Asked only for a
   * deployment that would get the request converted, so the native pass-through never builds the canonical request.
   */
  requestedSettings?: () => readonly InferenceSettingName[];
  /** A setting's name in the caller's wire, for the 400 that names it. */
  settingName?: (setting: InferenceSettingName) => string;
}

/** `firstTokenAt`: epoch ms of a stream's first output event. */
type CommitRecord = (status: number, error?: GeorouteError, usage?: TokenUsage, firstTokenAt?: number) => Promise<void>;

interface AttemptValue {
  response: UpstreamResponse;
  bridge?: FormatBridge;
}

export function routingHeaders(call: InferenceCall, attempts: readonly AttemptRecord[], where?: WhereProcessed): Record<string, string> {
  const headers: Record<string, string> = {
    'x-request-id': call.exchange.requestId,
    'x-georoute-source-region': call.sourceRegionId,
    'x-georoute-profile': call.profile.id,
    'x-georoute-attempts': String(attempts.length),
  };
  if (where?.inferenceRegionId !== undefined) headers['x-georoute-inference-region'] = where.inferenceRegionId;
  if (where?.inferenceRegionCandidates !== undefined) headers['x-georoute-inference-region-candidates'] = where.inferenceRegionCandidates.join(',');
  return headers;
}

/** Can this deployment serve a request in `format`, directly or through a bridge? */
function deploymentSpeaks(services: PipelineServices, call: Pick<InferenceCall, 'format' | 'profile'>, deployment: Deployment): boolean {
  const adapter = services.upstreamFor(deployment.id);
  return adapter.speaksNatively(call.format, services.catalog.models.get(call.profile.modelId)) || findFormatBridge(call.format, adapter.formats) !== undefined;
}

/** The settings of the request this deployment would have to drop (no silent drops: then it is no candidate). */
function unhonouredSettings(services: PipelineServices, call: Pick<InferenceCall, 'format' | 'profile' | 'requestedSettings'>, deployment: Deployment): InferenceSettingName[] {
  const adapter = services.upstreamFor(deployment.id);
  if (call.requestedSettings === undefined || adapter.formats.includes(call.format)) return [];
  const droppable = services.catalog.models.get(call.profile.modelId)?.droppableSettings ?? new Set<string>();
  return findUnhonouredSettings(call.requestedSettings(), { native: false, capabilities: adapter.capabilities }, droppable);
}

/** Can this deployment serve the request: speak its format (directly or through a bridge) and honour its settings? */
export function deploymentAccepts(services: PipelineServices, call: Pick<InferenceCall, 'format' | 'profile' | 'requestedSettings'>, deployment: Deployment): boolean {
  return deploymentSpeaks(services, call, deployment) && unhonouredSettings(services, call, deployment).length === 0;
}

/**
 * When every deployment inside the boundary that speaks the request's format would have to drop a setting, the
 * request is the caller's problem: a 400 naming the settings in the caller's wire, before any dispatch.
 */
function assertSomeDeploymentHonours(services: PipelineServices, call: InferenceCall, boundary: readonly string[] | undefined): void {
  if (boundary === undefined || call.requestedSettings === undefined) return;
  const speaking = (services.catalog.deploymentsByModel.get(call.profile.modelId) ?? []).filter(
    (d) => boundary.includes(d.regionId) && deploymentSpeaks(services, call, d),
  );
  if (speaking.length === 0) return;
  const missing = speaking.map((d) => unhonouredSettings(services, call, d));
  if (missing.some((list) => list.length === 0)) return;
  const names = [...new Set(missing.flat())].map((name) => call.settingName?.(name) ?? name);
  throw new GeorouteError(
    'invalid_request',
    `No deployment of ${call.profile.id} that this request may use can honour ${names.join(', ')}; remove ${names.length === 1 ? 'it' : 'them'}, or choose another model.`,
    { param: names[0] },
  );
}

export async function runInference(services: PipelineServices, call: InferenceCall, writer: InferenceResponseWriter): Promise<void> {
  const { exchange } = call;
  const attempts: AttemptRecord[] = [];
  const bridgeContext: BridgeContext = {
    requestId: exchange.requestId,
    requestedModelId: call.requestedModelId,
    createdAt: Math.floor(exchange.receivedAt / 1000),
    latencyMs: () => Date.now() - exchange.receivedAt,
  };
  let lease: CapacityLease | undefined;
  let deployment: Deployment | undefined;
  let usage: TokenUsage | undefined;
  let affinity: RequestOutcome['affinity'];
  /** Where a delegating upstream said it ran, if it said. */
  let reportedRegionId: string | undefined;
  // Recorded with the request so a residency report can prove where it was allowed to run. An empty boundary
  // fails the dispatch below (and is recorded as that failure).
  let boundary: readonly string[] | undefined;
  // Tracing (off by default: then no observation and no span objects).
  const observation = services.observer?.startRequest({
    requestId: exchange.requestId,
    receivedAt: exchange.receivedAt,
    headers: exchange.request.headers,
    surface: call.surface,
    eventName: call.eventName,
    requestedModelId: call.requestedModelId,
  });
  try {
    boundary = services.router.boundary(call.profile, call.sourceRegionId, call.identity);
  } catch {
    boundary = undefined;
  }

  const commit: CommitRecord = async (status, error, finalUsage, firstTokenAt) => {
    if (finalUsage) usage = finalUsage;
    const outcome: RequestOutcome = {
      requestId: exchange.requestId,
      clientRequestId: exchange.clientRequestId,
      eventTime: new Date(exchange.receivedAt).toISOString(),
      eventName: call.eventName,
      surface: call.surface,
      sourceRegionId: call.sourceRegionId,
      sourceIpAddress: clientAddress(exchange.request),
      userAgent: headerValue(exchange.request, 'user-agent') ?? '',
      identity: call.identity,
      requestedModelId: call.requestedModelId,
      profile: call.profile,
      ...(deployment && whereProcessed(deployment, reportedRegionId)),
      deploymentId: deployment?.id,
      attempts,
      boundary,
      usage,
      stream: call.stream,
      status,
      error: error && { code: error.code, message: error.message },
      durationMs: Date.now() - exchange.receivedAt,
      firstTokenMs: firstTokenAt ? firstTokenAt - exchange.receivedAt : undefined,
      affinity,
    };
    await (observation ? observation.commit(outcome, (o) => services.audit.record(o)) : services.audit.record(outcome));
    for (const observe of services.onOutcome) observe(outcome);
  };

  let value: AttemptValue;
  try {
    assertSomeDeploymentHonours(services, call, boundary);
    const result = await services.router.dispatch<AttemptValue>({
      profile: call.profile,
      sourceRegionId: call.sourceRegionId,
      identity: call.identity,
      estimatedTokens: call.estimatedInputTokens + call.maxOutputTokens,
      accepts: (candidate) => deploymentAccepts(services, call, candidate),
      signal: exchange.signal,
      attempts,
      rateLimitOf: (attempt) => attempt.response.rateLimit,
      isStream: (attempt) => attempt.response.kind === 'stream',
      session: call.sessionId === undefined ? undefined : { callerId: `${call.identity.type}:${call.identity.id}`, sessionId: call.sessionId },
      attempt: async (target, signal) => {
        const traced = observation?.startAttempt(target, attempts.length + 1);
        try {
          const adapter = services.upstreamFor(target.id);
          const direct = adapter.formats.includes(call.format);
          const bridge = direct ? undefined : findFormatBridge(call.format, adapter.formats);
          if (!direct && !bridge) throw new UpstreamFailure('rejected', `${target.id} cannot serve ${call.format}`);
          const body = bridge && !(call.body instanceof Uint8Array) ? bridge.convertRequest(call.body, { ...bridgeContext, nativeFormat: target.nativeFormat }) : call.body;
          const response = await adapter.send({ format: bridge?.to ?? call.format, body, stream: call.stream, signal, requestId: exchange.requestId, traceHeaders: traced?.headers });
          traced?.end();
          return { response, bridge };
        } catch (error) {
          traced?.end(error);
          throw error;
        }
      },
    });
    value = result.value;
    deployment = result.deployment;
    lease = result.lease;
    affinity = result.affinity;
    reportedRegionId = value.response.processedRegionId;
  } catch (thrown) {
    const clientGone = exchange.signal.aborted || (thrown instanceof UpstreamFailure && thrown.kind === 'cancelled');
    const error = clientGone ? new GeorouteError('client_closed', 'The client closed the connection.') : toGeorouteError(thrown);
    if (error.code === 'internal') services.logger.error({ err: thrown, requestId: exchange.requestId }, 'dispatch failed');
    await commitThenAnswer(services, commit, error.status, error, () => {
      if (!clientGone) writer.sendError(error, routingHeaders(call, attempts));
    }, writer, call, attempts);
    return;
  }

  const where = whereProcessed(deployment, reportedRegionId);
  if (where.inferenceRegionId !== undefined && where.inferenceRegionCandidates?.includes(where.inferenceRegionId) === false) {
    services.logger.warn({ requestId: exchange.requestId, deploymentId: deployment.id, reportedRegionId }, 'upstream reports a region outside its processingRegions');
  }
  const headers = routingHeaders(call, attempts, where);
  // The upstream's slot is free as soon as its answer is complete: give it back before the audit commit and the
  // write to the client, with the real token count (release is idempotent; the finally is the safety net).
  const heldLease = lease;
  const releaseSlot = (finalUsage: TokenUsage | undefined) => heldLease.release(finalUsage ? finalUsage.inputTokens + finalUsage.outputTokens : undefined);
  try {
    if (value.response.kind === 'json') {
      usage = value.response.usage;
      releaseSlot(usage);
      const body = value.bridge && !(value.response.body instanceof Uint8Array)
        ? value.bridge.convertResponse(value.response.body, bridgeContext)
        : value.response.body;
      await commitThenAnswer(services, commit, 200, undefined, () => writer.sendJson(body, headers, usage ?? { inputTokens: 0, outputTokens: 0 }), writer, call, attempts);
    } else {
      usage = await streamBack(services, call, deployment, value.response, value.bridge, bridgeContext, writer, headers, attempts, commit, releaseSlot);
    }
  } finally {
    lease.release(usage ? usage.inputTokens + usage.outputTokens : undefined);
  }
}

/** Commit the audit record, then answer; if the record cannot be committed the client gets an error instead. */
async function commitThenAnswer(
  services: PipelineServices,
  commit: CommitRecord,
  status: number,
  error: GeorouteError | undefined,
  answer: () => void,
  writer: InferenceResponseWriter,
  call: InferenceCall,
  attempts: readonly AttemptRecord[],
): Promise<void> {
  try {
    await commit(status, error);
  } catch (auditError) {
    services.logger.error({ err: auditError, requestId: call.exchange.requestId }, 'audit record could not be committed');
    writer.sendError(new GeorouteError('internal', 'The audit record could not be committed; the response was withheld.'), routingHeaders(call, attempts));
    return;
  }
  answer();
}

async function streamBack(
  services: PipelineServices,
  call: InferenceCall,
  deployment: Deployment,
  response: UpstreamStreamResponse,
  bridge: FormatBridge | undefined,
  context: BridgeContext,
  writer: InferenceResponseWriter,
  headers: Record<string, string>,
  attempts: AttemptRecord[],
  commit: CommitRecord,
  releaseSlot: (usage: TokenUsage) => void,
): Promise<TokenUsage> {
  const counter = new StreamOutputCounter();
  const converter = bridge?.createStreamConverter(context);
  const produced = (): TokenUsage => response.usage() ?? { inputTokens: call.estimatedInputTokens, outputTokens: counter.estimatedTokens };
  writer.startStream(headers);
  try {
    for await (const event of response.events) {
      counter.add(event);
      if (converter) {
        for (const converted of converter.push(event)) await writer.writeEvent(converted);
      } else {
        // Only a refused write (back-pressure) returns a promise worth a turn of the event loop.
        const blocked = writer.writeEvent(event);
        if (blocked) await blocked;
      }
    }
    if (converter) for (const converted of converter.finish()) await writer.writeEvent(converted);
  } catch (thrown) {
    const usage = produced();
    releaseSlot(usage);
    const last = attempts[attempts.length - 1];
    if (last) attempts[attempts.length - 1] = { ...last, outcome: 'interrupted' };
    if (call.exchange.signal.aborted || (thrown instanceof UpstreamFailure && thrown.kind === 'cancelled')) {
      const closed = new GeorouteError('client_closed', 'The client closed the connection during the stream.');
      await commit(closed.status, closed, usage, counter.firstOutputAt).catch((e: unknown) =>
        services.logger.error({ err: e, requestId: call.exchange.requestId }, 'audit record could not be committed'),
      );
      return usage;
    }
    // A stream the upstream cut is a failure of that deployment: it counts towards its breaker.
    await services.capacity.record(deployment, { kind: 'failure' }, Date.now());
    const error = new GeorouteError('stream_interrupted', 'The upstream stream was interrupted before it completed.', { cause: thrown });
    await commit(200, error, usage, counter.firstOutputAt).catch((e: unknown) => services.logger.error({ err: e, requestId: call.exchange.requestId }, 'audit record could not be committed'));
    writer.failStream(error);
    return usage;
  }
  const usage = produced();
  releaseSlot(usage);
  await services.capacity.record(deployment, { kind: 'stream-completed' }, Date.now());
  try {
    await commit(200, undefined, usage, counter.firstOutputAt);
  } catch (auditError) {
    services.logger.error({ err: auditError, requestId: call.exchange.requestId }, 'audit record could not be committed');
    writer.failStream(new GeorouteError('internal', 'The audit record could not be committed; the stream was not completed.'));
    return usage;
  }
  writer.endStream();
  return usage;
}
