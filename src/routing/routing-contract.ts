/**
 * Contracts of the routing stage: the capacity/health store the planner reads and writes (in memory now, shared
 * across replicas later), and the router the request pipeline calls. The planner never knows which store it uses.
 */
import type { IdentityScope } from '../auth/identity.js';
import type { Deployment, InferenceProfile } from '../catalog/catalog-types.js';
import type { DependencyHealth, HealthCheck } from '../observability/dependency-health.js';
import type { RateLimitObservation } from '../providers/upstream-contract.js';
import type { StopSignal } from '../inference/stop-signal.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface DeploymentSnapshot {
  deploymentId: string;
  inFlight: number;
  requestsLastMinute: number;
  /** Tokens in the last minute: estimates for requests in flight, real counts once they finish. */
  tokensLastMinute: number;
  /** Declared capacity lowered by what the upstream said (429, x-ratelimit-*), recovering gradually. */
  learnedRequestsPerMinute: number;
  learnedTokensPerMinute: number;
  learnedMaxConcurrent: number;
  /** Epoch ms before which the deployment asked not to be called (Retry-After); 0 if none. */
  throttledUntil: number;
  breaker: BreakerState;
  consecutiveFailures: number;
  /** Smoothed time to first byte, when observed. */
  latencyMs?: number;
  /** Epoch ms the open breaker turns half-open; set only while `breaker` is `open`. */
  breakerOpenUntil?: number;
  /**
   * Epoch ms the requests/min or tokens/min window will have room again, when a window is full; 0 or absent
   * otherwise. With `throttledUntil` and `breakerOpenUntil`, it gives the Retry-After of a `no_capacity` answer.
   */
  rateWindowFreesAt?: number;
}

export interface CapacityLease {
  readonly deploymentId: string;
  /** Give the capacity back; `actualTokens` replaces the estimate in the tokens-per-minute window. Idempotent. */
  release(actualTokens?: number): void;
}

export type AttemptOutcomeReport =
  /**
   * The upstream answered with a success status. For a stream (`streaming: true`) that is provisional: latency and
   * limits learn from it, but the breaker waits for `stream-completed` (or a `failure` when the stream is cut).
   */
  | { kind: 'success'; latencyMs: number; rateLimit?: RateLimitObservation; streaming?: boolean }
  | { kind: 'throttled'; retryAfterMs?: number; rateLimit?: RateLimitObservation }
  | { kind: 'failure' }
  /** A stream that started with `success { streaming: true }` ended cleanly. */
  | { kind: 'stream-completed' };

export interface CapacityStore extends HealthCheck {
  snapshot(deployment: Deployment, now: number): Promise<DeploymentSnapshot>;
  /** Take one slot (concurrency, request/min, estimated tokens/min) if there is headroom, else null. */
  tryAcquire(deployment: Deployment, estimatedTokens: number, now: number): Promise<CapacityLease | null>;
  record(deployment: Deployment, report: AttemptOutcomeReport, now: number): Promise<void>;
  /**
   * Resolves when some capacity is released (or after timeoutMs, or when the signal aborts). One release wakes one
   * waiter: a woken waiter that cannot use what was freed must call `pass()` on the wake it got.
   */
  waitForCapacity(timeoutMs: number, signal: StopSignal): Promise<CapacityWake>;
  /** Readiness: a shared store is ready while it can reach its server; an in-process one always is. */
  checkHealth(): Promise<DependencyHealth>;
}

export interface CapacityWake {
  /** The woken waiter found nothing it could use: hand the wake to the next waiter. Idempotent. */
  pass(): void;
}

export type AttemptOutcome = 'success' | 'throttled' | 'unavailable' | 'timeout' | 'rejected' | 'interrupted' | 'cancelled';

/** One try at one deployment; every request's attempts reach its audit record. */
export interface AttemptRecord {
  regionId: string;
  deploymentId: string;
  outcome: AttemptOutcome;
  status?: number;
  durationMs: number;
}

export interface RouteCandidate {
  deployment: Deployment;
  regionId: string;
  isSourceRegion: boolean;
  distanceKm: number;
  /** 0 (saturated) to 1 (idle): the tightest of concurrency, requests/min and tokens/min headroom. */
  headroom: number;
  breaker: BreakerState;
  latencyMs?: number;
  /** Why it sits where it does, for `georoute explain`. */
  reason: string;
}

export interface RoutePlan {
  profileId: string;
  sourceRegionId: string;
  /** The residency boundary: every region this request may be processed in. Never empty. */
  boundary: readonly string[];
  /** Deployments whose whole processing set lies inside the boundary, best first. */
  candidates: readonly RouteCandidate[];
}

export interface PlanInput {
  profile: InferenceProfile;
  sourceRegionId: string;
  /** The caller's scope (source regions it may claim, geographies, profiles); omitted: unrestricted. */
  identity?: IdentityScope;
  estimatedTokens: number;
  /** Narrow the deployments (e.g. only those that accept a native InvokeModel body); never widens the boundary. */
  accepts?: (deployment: Deployment) => boolean;
}

export interface DispatchInput<T> extends PlanInput {
  /** The request's own: aborted when the client goes away (an AbortSignal fits). */
  signal: StopSignal;
  /** The dispatcher pushes one record per attempt here, so the caller has them on failure too. */
  attempts: AttemptRecord[];
  /**
   * Make one attempt; resolves once the upstream has answered with a success status (headers received).
   * Rejects with an UpstreamFailure to let the dispatcher decide whether to fail over. `abort` aborts `signal`
   * (this attempt only, never the request): a deadline of the attempt's own ends it through this.
   */
  attempt: (deployment: Deployment, signal: StopSignal, abort: (reason: Error) => void) => Promise<T>;
  /** What a successful answer said about the upstream's limits (x-ratelimit-*), fed to the learned limits. */
  rateLimitOf?: (value: T) => RateLimitObservation | undefined;
  /** True when the answer is a stream still to be read: its success stays provisional (see AttemptOutcomeReport). */
  isStream?: (value: T) => boolean;
  /**
   * Session affinity (opt-in): prefer the deployment that last served this caller's session for this profile, when
   * it is a candidate of this request with headroom; never widens the boundary. Planning (`plan`) takes no session.
   */
  session?: DispatchSession;
}

export interface DispatchSession {
  /** Who is calling (identity type and id), so two callers' session ids never meet. */
  callerId: string;
  /** The client's opaque session id (`x-georoute-session-id`). */
  sessionId: string;
}

export interface DispatchResult<T> {
  value: T;
  deployment: Deployment;
  /** The caller releases it when the response is complete, with the real token count. */
  lease: CapacityLease;
  /** With a session: `hit` when the deployment that last served it served this request too, else `miss`. */
  affinity?: 'hit' | 'miss';
}

export interface Router {
  /**
   * The residency boundary of a profile for a source region and an identity's scope (computed once per profile,
   * scope and source region, then cached). Throws when empty or when the identity may not claim the source region.
   */
  boundary(profile: InferenceProfile, sourceRegionId: string, identity?: IdentityScope): readonly string[];
  plan(input: PlanInput): Promise<RoutePlan>;
  /** Try candidates in plan order inside the boundary; throws GeorouteError (no_capacity with Retry-After, ...). */
  dispatch<T>(input: DispatchInput<T>): Promise<DispatchResult<T>>;
  /** Dispatches waiting in the bounded queue for capacity right now (the queue gauge). */
  queueWaiting(): number;
}
