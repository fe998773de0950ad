/**
 * A request to an inference endpoint that was refused before routing (bad body, unknown profile, access denied,
 * failed authentication) still leaves an audit record, as CloudTrail records denied calls. What the request got
 * far enough to establish (identity, source region, model id) is recorded; nothing of its content.
 */
import { defaultSourceRegionOf, type Identity } from '../auth/identity.js';
import type { InferenceProfile } from '../catalog/catalog-types.js';
import type { GeorouteError } from '../errors/error-catalog.js';
import type { HttpExchange } from '../server/http-exchange.js';
import type { PipelineServices } from './pipeline-services.js';
import { commitOutcome } from './commit-request-outcome.js';
import { buildRequestOutcome } from './request-outcome-of.js';
import type { EventName, RequestOutcome } from './request-outcome.js';

/** Filled in by a handler as each stage succeeds, so a rejection records as much as is known. */
export interface RequestProgress {
  identity?: Identity;
  sourceRegionId?: string;
  requestedModelId?: string;
  /** The profile the model id resolved to, once it did. */
  profile?: InferenceProfile;
  stream: boolean;
  /** Set when the pipeline took over; from then on the pipeline writes the record. */
  handedToPipeline: boolean;
}

const UNAUTHENTICATED: Identity = { type: 'anonymous', id: 'unauthenticated', admin: false };

export function newRequestProgress(): RequestProgress {
  return { stream: false, handedToPipeline: false };
}

export async function recordRejectedRequest(
  services: PipelineServices,
  exchange: HttpExchange,
  surface: RequestOutcome['surface'],
  eventName: EventName,
  progress: RequestProgress,
  defaultSourceRegionId: string,
  error: GeorouteError,
): Promise<void> {
  const outcome = buildRequestOutcome(exchange, error.status, error, {
    eventName,
    surface,
    sourceRegionId: progress.sourceRegionId ?? (progress.identity ? defaultSourceRegionOf(progress.identity, defaultSourceRegionId) : defaultSourceRegionId),
    identity: progress.identity ?? UNAUTHENTICATED,
    requestedModelId: progress.requestedModelId ?? '',
    profile: progress.profile,
    attempts: [],
    stream: progress.stream,
  });
  const observation = services.observer?.startRequest({
    requestId: exchange.requestId,
    receivedAt: exchange.receivedAt,
    headers: exchange.request.headers,
    surface,
    eventName,
    requestedModelId: outcome.requestedModelId,
  });
  try {
    await commitOutcome(services, observation, outcome);
  } catch (auditError) {
    services.logger.error({ err: auditError, requestId: exchange.requestId }, 'audit record of a rejected request could not be committed');
  }
}
