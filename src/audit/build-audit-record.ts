/**
 * Builds the audit record of a request from its RequestOutcome (the audit stage's input) and its cost. Copies
 * metadata field by field; nothing of the request or response body exists in the outcome, and nothing else is
 * taken. The error message is the gateway's own (GeorouteError messages), capped in length.
 */
import { randomUUID } from 'node:crypto';
import type { RequestOutcome } from '../pipeline/request-outcome.js';
import type { RequestCost } from '../billing/compute-cost.js';
import {
  AUDIT_EVENT_SOURCE,
  AUDIT_EVENT_VERSION,
  type AuditCost,
  type AuditOutcome,
  type AuditRecord,
  type AuditUserIdentity,
} from './audit-record.js';

const MAX_ERROR_MESSAGE_LENGTH = 512;

export interface BuildAuditRecordOptions {
  /** Defaults to a random UUID. */
  eventId?: string;
}

export function auditOutcomeOf(outcome: RequestOutcome): AuditOutcome {
  return outcome.error || outcome.status >= 400 ? 'failure' : 'success';
}

export function buildAuditRecord(outcome: RequestOutcome, cost?: RequestCost, options: BuildAuditRecordOptions = {}): AuditRecord {
  const { profile } = outcome;
  const record: AuditRecord = {
    eventVersion: AUDIT_EVENT_VERSION,
    eventID: options.eventId ?? randomUUID(),
    eventTime: normalizeTime(outcome.eventTime),
    eventSource: AUDIT_EVENT_SOURCE,
    eventName: outcome.eventName,
    eventType: 'AwsApiCall',
    awsRegion: outcome.sourceRegionId,
    sourceIPAddress: outcome.sourceIpAddress,
    userAgent: outcome.userAgent,
    userIdentity: userIdentityOf(outcome),
    requestID: outcome.requestId,
    requestParameters: { modelId: outcome.requestedModelId },
    responseElements: null,
    errorCode: outcome.error?.code,
    errorMessage: outcome.error ? outcome.error.message.slice(0, MAX_ERROR_MESSAGE_LENGTH) : undefined,
    additionalEventData: {
      inferenceRegion: outcome.inferenceRegionId,
      inferenceRegionCandidates: outcome.inferenceRegionCandidates ? [...outcome.inferenceRegionCandidates] : undefined,
      boundary: outcome.boundary ? [...outcome.boundary] : undefined,
      profileId: profile?.id,
      profileType: profile?.type,
      resolvedModelId: profile?.modelId,
      deploymentId: outcome.deploymentId,
      attempts: outcome.attempts.map((a) => ({
        region: a.regionId,
        deployment: a.deploymentId,
        outcome: a.outcome,
        status: a.status,
        durationMs: Math.round(a.durationMs),
      })),
      inputTokens: outcome.usage?.inputTokens ?? 0,
      outputTokens: outcome.usage?.outputTokens ?? 0,
      cacheReadInputTokens: outcome.usage?.cacheReadInputTokens || undefined,
      cacheWriteInputTokens: outcome.usage?.cacheWriteInputTokens || undefined,
      cost: cost ? auditCostOf(cost) : undefined,
      serviceTier: outcome.serviceTier,
      tags: profile ? { ...profile.tags } : {},
      stream: outcome.stream,
      sessionAffinity: outcome.affinity,
      clientRequestId: outcome.clientRequestId,
      status: outcome.status,
      outcome: auditOutcomeOf(outcome),
      surface: outcome.surface,
      durationMs: Math.round(outcome.durationMs),
    },
  };
  return withoutUndefined(record);
}

function userIdentityOf(outcome: RequestOutcome): AuditUserIdentity {
  const { identity } = outcome;
  return identity.type === 'access-key'
    ? { type: identity.type, principalId: identity.id, accessKeyId: identity.id }
    : { type: identity.type, principalId: identity.id };
}

function auditCostOf(cost: RequestCost): AuditCost {
  return {
    micros: cost.micros,
    picos: cost.picos,
    currency: cost.currency,
    pricingTier: cost.pricingTier,
    discountBasisPoints: cost.discountBasisPoints,
  };
}

/** ISO-8601 in UTC with milliseconds, so that stored times compare as text. */
function normalizeTime(time: string): string {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) throw new RangeError(`eventTime "${time}" is not an ISO-8601 time`);
  return new Date(ms).toISOString();
}

/** Drops undefined properties, so the in-memory record is exactly what its canonical JSON says. */
function withoutUndefined<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  // for-in over a plain record (own enumerable keys only): no entry arrays per object, once per request each.
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const inner = record[key];
    if (inner !== undefined) out[key] = inner !== null && typeof inner === 'object' ? withoutUndefined(inner) : inner;
  }
  return out as T;
}
