/**
 * The stages after a surface understood a request (src/pipeline/inference-call.ts): no silent drops -> plan route
 * and dispatch with failover inside the residency boundary (each candidate served as it is or converted, decided
 * once per candidate) -> answer whole or stream back -> account -> audit. Shared by every surface; no response
 * completes before its audit record is committed. Surfaces call `runInference`.
 */
import { GeorouteError, toGeorouteError } from '../errors/error-catalog.js';
import { UpstreamFailure } from '../providers/upstream-contract.js';
import { answerWhole } from './answer-whole.js';
import { DeploymentLease } from './deployment-lease.js';
import { dispatchAttempt, isStreamAnswer, type AttemptAnswer } from './dispatch-attempt.js';
import { finishWithError } from './finish-with-error.js';
import type { InferenceCall } from './inference-call.js';
import { DeploymentRoutes } from './plan-deployment-routes.js';
import type { PipelineServices } from './pipeline-services.js';
import { RequestContext } from './request-context.js';
import { streamBack } from './stream-back.js';
import { assertModelKind } from './assert-model-kind.js';

export type { InferenceCall } from './inference-call.js';

function boundaryOf(services: PipelineServices, call: InferenceCall): readonly string[] | undefined {
  // Recorded with the request so a residency report can prove where it was allowed to run. An empty boundary
  // fails the dispatch (and is recorded as that failure).
  try {
    return services.router.boundary(call.profile, call.sourceRegionId, call.identity);
  } catch {
    return undefined;
  }
}

export async function runInference(services: PipelineServices, call: InferenceCall): Promise<void> {
  const { exchange } = call;
  const observation = services.observer?.startRequest({
    requestId: exchange.requestId,
    receivedAt: exchange.receivedAt,
    headers: exchange.request.headers,
    surface: call.auditSurface,
    eventName: call.eventName,
    requestedModelId: call.requestedModelId,
  });
  const context = new RequestContext(call, observation);
  context.boundary = boundaryOf(services, call);
  const routes = new DeploymentRoutes(services, call);
  let answer: AttemptAnswer;
  try {
    assertModelKind(services.catalog, call.profile, 'chat');
    // The limit stage: refused requests are committed and answered like any other failure below.
    await services.limits?.admit(call.identity, Date.now());
    routes.assertSomeDeploymentHonours(context.boundary);
    const result = await services.router.dispatch<AttemptAnswer>({
      profile: call.profile,
      sourceRegionId: call.sourceRegionId,
      identity: call.identity,
      estimatedTokens: call.estimatedInputTokens + call.maxOutputTokens,
      accepts: (candidate) => routes.accepts(candidate),
      signal: exchange.signal,
      attempts: context.attempts,
      rateLimitOf: (value) => value.response.rateLimit,
      isStream: isStreamAnswer,
      session: call.sessionId === undefined ? undefined : { callerId: `${call.identity.type}:${call.identity.id}`, sessionId: call.sessionId },
      attempt: (target, signal, abort) => dispatchAttempt(services, context, routes, target, signal, abort),
    });
    answer = result.value;
    context.deployment = result.deployment;
    context.lease = new DeploymentLease(result.lease, result.deployment, services.capacity, isStreamAnswer(answer));
    context.affinity = result.affinity;
    context.reportedRegionId = answer.response.processedRegionId;
    if (answer.kind === 'generated') context.servedServiceTier = answer.response.result.serviceTier;
  } catch (thrown) {
    const clientGone = exchange.signal.aborted || (thrown instanceof UpstreamFailure && thrown.kind === 'cancelled');
    const error = clientGone ? new GeorouteError('client_closed', 'The client closed the connection.') : toGeorouteError(thrown);
    if (error.code === 'internal') services.logger.error({ err: thrown, requestId: context.requestId }, 'dispatch failed');
    await finishWithError(services, context, error, { answer: !clientGone });
    return;
  }
  const where = context.where();
  if (where?.inferenceRegionId !== undefined && where.inferenceRegionCandidates?.includes(where.inferenceRegionId) === false) {
    services.logger.warn({ requestId: context.requestId, deploymentId: context.deployment.id, reportedRegionId: context.reportedRegionId }, 'upstream reports a region outside its processingRegions');
  }
  try {
    if (answer.kind === 'native' && answer.response.kind === 'json') await answerWhole(services, context, { kind: 'native', response: answer.response });
    else if (answer.kind === 'generated') await answerWhole(services, context, answer);
    else if (answer.kind === 'native' && answer.response.kind === 'stream') await streamBack(services, context, { kind: 'native', response: answer.response });
    else if (answer.kind === 'streamed') await streamBack(services, context, answer);
  } finally {
    context.lease.release(context.usage);
  }
}
