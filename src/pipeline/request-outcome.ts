/**
 * What the pipeline knows about a request when it ends, successful or not: the input of the account and audit
 * stages (cost, metrics, audit record). Holds no prompt or completion content.
 */
import type { InferenceProfile } from '../catalog/catalog-types.js';
import type { Identity } from '../auth/identity.js';
import type { AttemptRecord } from '../routing/routing-contract.js';
import type { TokenUsage } from '../providers/upstream-contract.js';

export type EventName =
  | 'ChatCompletions'
  | 'Converse'
  | 'ConverseStream'
  | 'InvokeModel'
  | 'InvokeModelWithResponseStream'
  | 'CountTokens'
  | 'Messages'
  | 'Responses'
  | 'Embeddings';

export interface RequestOutcome {
  /** The gateway's own request id. */
  requestId: string;
  /** The client's `x-request-id`, when it sent a well-formed one. */
  clientRequestId?: string;
  /** ISO-8601 time the request arrived. */
  eventTime: string;
  eventName: EventName;
  surface: 'openai' | 'bedrock' | 'anthropic';
  sourceRegionId: string;
  sourceIpAddress: string;
  userAgent: string;
  identity: Identity;
  /** The model id exactly as the client sent it. */
  requestedModelId: string;
  /** Undefined when the profile could not be resolved. */
  profile?: InferenceProfile;
  /**
   * The residency boundary the route plan computed (every region this request was allowed to run in); undefined
   * when the request ended before a plan. Stored in the audit record so residency reports need no recomputation.
   */
  boundary?: readonly string[];
  /** Where it ran, when the gateway knows: the deployment's region, or the region a delegating upstream reported. */
  inferenceRegionId?: string;
  /** For a deployment whose upstream routes on its own: every region it may have processed the request in. */
  inferenceRegionCandidates?: readonly string[];
  deploymentId?: string;
  attempts: readonly AttemptRecord[];
  /** Real counts from the upstream, or counted when it did not say; for an interrupted stream, what was produced. */
  usage?: TokenUsage;
  stream: boolean;
  /** HTTP status the client received (200 for a stream that later failed; see error). */
  status: number;
  error?: { code: string; message: string };
  durationMs: number;
  /** Streams: ms from arrival to the first event that carried output (time to first token); undefined otherwise. */
  firstTokenMs?: number;
  /** With `x-georoute-session-id`: whether the session's last deployment served it (`hit`) or it moved (`miss`). */
  affinity?: 'hit' | 'miss';
  /** The service tier: the one the upstream said served the request, else the one the caller asked for. */
  serviceTier?: string;
}
