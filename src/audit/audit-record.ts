/**
 * The audit record: one per request, CloudTrail-shaped (docs/audit.md describes every field). It carries
 * metadata only: who called, from which source region, which profile and model, where it was processed, the
 * attempts, token counts and cost. Never any prompt or completion content.
 */
import type { PricingTier, ProfileType } from '../catalog/catalog-types.js';
import type { Identity } from '../auth/identity.js';
import type { EventName } from '../pipeline/request-outcome.js';
import type { AttemptOutcome } from '../routing/routing-contract.js';

export const AUDIT_EVENT_VERSION = '1.09';
export const AUDIT_EVENT_SOURCE = 'georoute';

export type AuditOutcome = 'success' | 'failure';

export interface AuditUserIdentity {
  type: Identity['type'];
  /** The API key's configured id, the access key id, or `anonymous`. */
  principalId: string;
  /** Present for SigV4 callers. */
  accessKeyId?: string;
}

export interface AuditAttempt {
  region: string;
  deployment: string;
  outcome: AttemptOutcome;
  status?: number;
  durationMs: number;
}

export interface AuditCost {
  /** Rounded half-up to whole micro-units of the currency. */
  micros: number;
  /** Exact pico-units as a decimal string. */
  picos: string;
  currency: string;
  pricingTier: PricingTier;
  discountBasisPoints: number;
}

export interface AuditAdditionalEventData {
  /**
   * Where the request was processed; absent when no deployment was reached, and for a deployment whose upstream
   * routes on its own unless the upstream reported where it ran.
   */
  inferenceRegion?: string;
  /** For a deployment whose upstream routes on its own: every region it may have processed the request in. */
  inferenceRegionCandidates?: string[];
  /** The residency boundary computed for this request (every region it was allowed to run in). */
  boundary?: string[];
  profileId?: string;
  profileType?: ProfileType;
  resolvedModelId?: string;
  deploymentId?: string;
  attempts: AuditAttempt[];
  inputTokens: number;
  outputTokens: number;
  /** Prompt-cache reads and writes (Anthropic `cache_control`, Bedrock cache points); absent when none. */
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
  cost?: AuditCost;
  /** The service tier: the one the upstream said served the request, else the one the caller asked for; absent when none. */
  serviceTier?: string;
  tags: Record<string, string>;
  stream: boolean;
  /** With `x-georoute-session-id`: `hit` when the session's deployment served it, `miss` when it moved or was new. */
  sessionAffinity?: 'hit' | 'miss';
  /** The `x-request-id` the client sent (letters, digits, `._-`, at most 128), when it sent one; not unique. */
  clientRequestId?: string;
  /** HTTP status the client received. */
  status: number;
  outcome: AuditOutcome;
  surface: 'openai' | 'bedrock' | 'anthropic';
  durationMs: number;
}

export interface AuditRecord {
  eventVersion: typeof AUDIT_EVENT_VERSION;
  eventID: string;
  eventTime: string;
  eventSource: typeof AUDIT_EVENT_SOURCE;
  eventName: EventName;
  eventType: 'AwsApiCall';
  /** The source region: the region whose store holds this record. */
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  userIdentity: AuditUserIdentity;
  /** The gateway's own id of the request (a UUID), never one the client chose. */
  requestID: string;
  requestParameters: { modelId: string };
  /** Always null: the response is content. */
  responseElements: null;
  errorCode?: string;
  errorMessage?: string;
  additionalEventData: AuditAdditionalEventData;
}

/** A record as a store holds it: its place in the region's hash chain. */
export interface StoredAuditRecord {
  region: string;
  sequence: number;
  prevHash: string;
  hash: string;
  record: AuditRecord;
}
