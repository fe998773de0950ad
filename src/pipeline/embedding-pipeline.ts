/**
 * The stages of an embedding request after its surface understood it, exactly as for chat: plan route inside the
 * residency boundary -> dispatch with failover (capacity by estimated tokens) -> account -> audit -> answer. An
 * embedding is never streamed, so the answer is whole once the upstream's is; the audit record is committed first.
 */
import type { Identity } from '../auth/identity.js';
import type { Deployment, InferenceProfile } from '../catalog/catalog-types.js';
import { GeorouteError, toGeorouteError } from '../errors/error-catalog.js';
import type { EmbeddingRequest, EmbeddingSettingName } from '../inference/inference-embedding-request.js';
import type { EmbeddingResult } from '../inference/inference-embedding-result.js';
import type { ProviderEmbedResponse } from '../inference/inference-embedding-provider-contract.js';
import { findUnhonouredEmbeddingSettings, listRequestedEmbeddingSettings } from '../capabilities/list-requested-embedding-settings.js';
import type { AttemptRecord } from '../routing/routing-contract.js';
import { UpstreamFailure } from '../providers/upstream-contract.js';
import type { HttpExchange } from '../server/http-exchange.js';
import { assertModelKind } from './assert-model-kind.js';
import type { PipelineServices } from './pipeline-services.js';
import type { EventName, RequestOutcome } from './request-outcome.js';
import { commitOutcome } from './commit-request-outcome.js';
import { buildRequestOutcome } from './request-outcome-of.js';
import { whereProcessed, type WhereProcessed } from './where-processed.js';

export interface EmbeddingCall {
  exchange: HttpExchange;
  surface: RequestOutcome['surface'];
  eventName: EventName;
  identity: Identity;
  sourceRegionId: string;
  requestedModelId: string;
  profile: InferenceProfile;
  request: EmbeddingRequest;
  estimatedInputTokens: number;
  sessionId?: string;
  /** A setting's name in the caller's wire, for the 400 that names it. */
  settingName(setting: EmbeddingSettingName): string;
}

/** Writes the answer in the surface's wire. */
export interface EmbeddingResponder {
  sendResult(result: EmbeddingResult, headers: Record<string, string>): void;
  sendError(error: GeorouteError, headers: Record<string, string>): void;
}

/** The routing headers every answer carries (as RequestContext.headers does for chat). */
function routingHeaders(call: EmbeddingCall, attempts: readonly AttemptRecord[], where?: WhereProcessed): Record<string, string> {
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

function unhonoured(services: PipelineServices, call: EmbeddingCall, deployment: Deployment, requested: readonly EmbeddingSettingName[]): EmbeddingSettingName[] | undefined {
  const embeddings = services.providerFor(deployment.id).embeddings;
  if (embeddings === undefined) return undefined;
  const droppable = services.catalog.models.get(call.profile.modelId)?.droppableSettings ?? new Set<string>();
  return findUnhonouredEmbeddingSettings(requested, embeddings.honours, droppable);
}

/** The model's vector sizes, and the settings no deployment inside the boundary can honour: 400s naming them. */
function assertServable(services: PipelineServices, call: EmbeddingCall, boundary: readonly string[] | undefined, requested: readonly EmbeddingSettingName[]): void {
  assertModelKind(services.catalog, call.profile, 'embedding');
  const model = services.catalog.models.get(call.profile.modelId);
  const dimensions = call.request.settings.dimensions;
  if (dimensions !== undefined && model?.embedding && !model.embedding.allowedDimensions.includes(dimensions)) {
    const name = call.settingName('dimensions');
    throw new GeorouteError('invalid_request', `${call.profile.id} cannot produce ${name} ${dimensions}; it produces ${model.embedding.allowedDimensions.join(', ')}.`, { param: name });
  }
  if (boundary === undefined) return;
  const verdicts = (services.catalog.deploymentsByModel.get(call.profile.modelId) ?? [])
    .filter((d) => boundary.includes(d.regionId))
    .map((d) => unhonoured(services, call, d, requested))
    .filter((v): v is EmbeddingSettingName[] => v !== undefined);
  if (verdicts.length === 0 || verdicts.some((list) => list.length === 0)) return;
  const names = [...new Set(verdicts.flat())].map((name) => call.settingName(name));
  throw new GeorouteError(
    'invalid_request',
    `No deployment of ${call.profile.id} that this request may use can honour ${names.join(', ')}; remove ${names.length === 1 ? 'it' : 'them'}, or choose another model.`,
    { param: names[0] },
  );
}

export async function runEmbedding(services: PipelineServices, call: EmbeddingCall, responder: EmbeddingResponder): Promise<void> {
  const { exchange } = call;
  const attempts: AttemptRecord[] = [];
  const observation = services.observer?.startRequest({
    requestId: exchange.requestId,
    receivedAt: exchange.receivedAt,
    headers: exchange.request.headers,
    surface: call.surface,
    eventName: call.eventName,
    requestedModelId: call.requestedModelId,
  });
  let boundary: readonly string[] | undefined;
  try {
    boundary = services.router.boundary(call.profile, call.sourceRegionId, call.identity);
  } catch {
    boundary = undefined;
  }
  let deployment: Deployment | undefined;
  let result: EmbeddingResult | undefined;
  const commit = async (status: number, error?: GeorouteError): Promise<void> => {
    const where = deployment && whereProcessed(deployment);
    const outcome = buildRequestOutcome(exchange, status, error, {
      eventName: call.eventName,
      surface: call.surface,
      sourceRegionId: call.sourceRegionId,
      identity: call.identity,
      requestedModelId: call.requestedModelId,
      profile: call.profile,
      boundary,
      inferenceRegionId: where?.inferenceRegionId,
      inferenceRegionCandidates: where?.inferenceRegionCandidates,
      deploymentId: deployment?.id,
      attempts,
      usage: result && { inputTokens: result.inputTokens, outputTokens: 0 },
      stream: false,
      serviceTier: result?.serviceTier ?? call.request.settings.serviceTier,
    });
    await commitOutcome(services, observation, outcome);
  };
  const answer = async (status: number, error: GeorouteError | undefined, send: () => void): Promise<void> => {
    try {
      await commit(status, error);
    } catch (auditError) {
      services.logger.error({ err: auditError, requestId: exchange.requestId }, 'audit record could not be committed');
      responder.sendError(new GeorouteError('internal', 'The audit record could not be committed; the response was withheld.'), routingHeaders(call, attempts));
      return;
    }
    send();
  };

  try {
    // The limit stage, as for chat: a refused request is committed and answered like any failure below.
    await services.limits?.admit(call.identity, Date.now());
    const requested = listRequestedEmbeddingSettings(call.request);
    assertServable(services, call, boundary, requested);
    const model = services.catalog.models.get(call.profile.modelId);
    if (!model) throw new GeorouteError('profile_not_found', `The model of ${call.profile.id} is not in the catalog.`);
    const dispatched = await services.router.dispatch<ProviderEmbedResponse>({
      profile: call.profile,
      sourceRegionId: call.sourceRegionId,
      identity: call.identity,
      estimatedTokens: call.estimatedInputTokens,
      accepts: (candidate) => unhonoured(services, call, candidate, requested)?.length === 0,
      signal: exchange.signal,
      attempts,
      rateLimitOf: (response) => response.rateLimit,
      session: call.sessionId === undefined ? undefined : { callerId: `${call.identity.type}:${call.identity.id}`, sessionId: call.sessionId },
      attempt: async (target, signal) => {
        const traced = observation?.startAttempt(target, attempts.length + 1);
        try {
          const embeddings = services.providerFor(target.id).embeddings;
          if (!embeddings) throw new UpstreamFailure('rejected', `${target.id} cannot embed`);
          const response = await embeddings.embed(call.request, { signal, requestId: exchange.requestId, model });
          traced?.end();
          return response;
        } catch (error) {
          traced?.end(error);
          throw error;
        }
      },
    });
    deployment = dispatched.deployment;
    result = dispatched.value.result;
    dispatched.lease.release(result.inputTokens);
  } catch (thrown) {
    const clientGone = exchange.signal.aborted || (thrown instanceof UpstreamFailure && thrown.kind === 'cancelled');
    const error = clientGone ? new GeorouteError('client_closed', 'The client closed the connection.') : toGeorouteError(thrown);
    if (error.code === 'internal') services.logger.error({ err: thrown, requestId: exchange.requestId }, 'embedding dispatch failed');
    await answer(error.status, error, () => {
      if (!clientGone) responder.sendError(error, routingHeaders(call, attempts));
    });
    return;
  }
  const served = result;
  const headers = routingHeaders(call, attempts, whereProcessed(deployment));
  await answer(200, undefined, () => responder.sendResult(served, headers));
}
