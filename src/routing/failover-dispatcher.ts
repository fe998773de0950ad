/**
 * The Router: `plan` orders the deployments inside the residency boundary; `dispatch` tries them in that order,
 * failing over on 429 and outages, queueing briefly when everything is saturated, inside one deadline.
 */
import type { IdentityScope } from '../auth/identity.js';
import type { Catalog, InferenceProfile } from '../catalog/catalog-types.js';
import type { CapacityStore, DispatchInput, DispatchResult, PlanInput, RoutePlan, Router } from './routing-contract.js';
import { assertFitsSomeDeployment } from './assert-fits-some-deployment.js';
import { cancelledError } from './dispatch-errors.js';
import { CancellationLedger } from './cancellation-hold.js';
import { DispatchRun, type DispatchRunContext } from './dispatch-run.js';
import { RequestAbortScope } from './request-abort-scope.js';
import { residencyBoundary } from './residency-boundary.js';
import { defaultPlannerOptions, planRoute, type PlannerContext, type PlannerOptions } from './route-planner.js';
import { realScheduleTimeout, type ScheduleTimeout } from './schedule-timeout.js';
import { defaultSessionAffinityOptions, SessionAffinity, sessionAffinityKey, type SessionAffinityOptions, type SessionMemory } from './session-affinity.js';

/** `routing` of the configuration (its `breaker` goes to the capacity store), plus planner tuning. */
export interface RouterOptions {
  maxAttempts: number;
  /** Bounds a dispatch until an attempt succeeds (response headers); not the streaming that follows. */
  deadlineMs: number;
  queue: { maxWaiting: number; maxWaitMs: number };
  planner?: Partial<PlannerOptions>;
  /** Sessions remembered by this router (this replica) for `x-georoute-session-id`. */
  sessionAffinity?: Partial<SessionAffinityOptions>;
  /** How long a stopped request's slot stays taken after the hang-up (cancellation-hold.ts); default 250, 0 = none. */
  cancelHoldMs?: number;
  /** `audit.contentLogging.upstreamErrorText`: an upstream's rejection text reaches the client's error. */
  upstreamErrorText?: boolean;
}

export interface CreateRouterInput {
  catalog: Catalog;
  store: CapacityStore;
  options: RouterOptions;
  now?: () => number;
  scheduleTimeout?: ScheduleTimeout;
  /** The session memory to use (tests seed it); else one of `options.sessionAffinity` (or the defaults). */
  sessions?: SessionMemory;
}

export const DEFAULT_CANCEL_HOLD_MS = 250;

export function createRouter(input: CreateRouterInput): Router {
  return new FailoverRouter(input);
}

class FailoverRouter implements Router {
  private readonly planner: PlannerContext;
  private readonly run: DispatchRunContext;
  private readonly catalog: Catalog;
  private readonly now: () => number;
  private readonly scheduleTimeout: ScheduleTimeout;
  private readonly deadlineMs: number;
  private readonly sessions: SessionMemory;
  /**
   * Boundaries are pure functions of the read-only catalog, the profile, the identity's scope and the source region.
   * Profiles and scopes are objects made once (at start-up, or once per application profile), so they key weakly.
   */
  private readonly boundaries = new WeakMap<InferenceProfile, WeakMap<IdentityScope, Map<string, readonly string[]>>>();

  constructor(input: CreateRouterInput) {
    this.catalog = input.catalog;
    this.now = input.now ?? Date.now;
    this.scheduleTimeout = input.scheduleTimeout ?? realScheduleTimeout;
    this.deadlineMs = input.options.deadlineMs;
    this.sessions = input.sessions ?? new SessionAffinity({ ...defaultSessionAffinityOptions, ...input.options.sessionAffinity });
    this.planner = {
      catalog: input.catalog,
      store: input.store,
      options: { ...defaultPlannerOptions, ...input.options.planner },
    };
    this.run = {
      planner: this.planner,
      store: input.store,
      now: this.now,
      maxAttempts: input.options.maxAttempts,
      deadlineMs: input.options.deadlineMs,
      queue: { ...input.options.queue, waiting: 0 },
      cancellations: new CancellationLedger(input.options.cancelHoldMs ?? DEFAULT_CANCEL_HOLD_MS, this.now, this.scheduleTimeout),
      upstreamErrorText: input.options.upstreamErrorText,
    };
  }

  async plan(input: PlanInput): Promise<RoutePlan> {
    const boundary = this.boundary(input.profile, input.sourceRegionId, input.identity);
    return planRoute(this.planner, boundary, input, this.now());
  }

  async dispatch<T>(input: DispatchInput<T>): Promise<DispatchResult<T>> {
    // Fail closed before anything is acquired or sent.
    const boundary = this.boundary(input.profile, input.sourceRegionId, input.identity);
    assertFitsSomeDeployment(this.catalog, input, boundary);
    if (input.signal.aborted) throw cancelledError(input.signal.reason);
    const scope = new RequestAbortScope(input.signal, this.deadlineMs, this.scheduleTimeout);
    const sessionKey = input.session && sessionAffinityKey(input.session.callerId, input.profile.id, input.session.sessionId);
    const remembered = sessionKey === undefined ? undefined : await this.sessions.lookup(sessionKey, this.now());
    try {
      const result = await new DispatchRun(this.run, input, boundary, scope, remembered).execute();
      scope.succeeded();
      if (sessionKey === undefined) return result;
      // The session follows whichever deployment served it (a move when the remembered one was skipped).
      await this.sessions.remember(sessionKey, result.deployment.id, this.now());
      return { ...result, affinity: result.deployment.id === remembered ? 'hit' : 'miss' };
    } catch (error) {
      scope.dispose();
      throw error;
    }
  }

  queueWaiting(): number {
    return this.run.queue.waiting;
  }

  boundary(profile: InferenceProfile, sourceRegionId: string, identity: IdentityScope = UNRESTRICTED): readonly string[] {
    let byScope = this.boundaries.get(profile);
    let bySource = byScope?.get(identity);
    const cached = bySource?.get(sourceRegionId);
    if (cached !== undefined) return cached;
    const boundary = residencyBoundary(this.catalog, profile, sourceRegionId, identity);
    if (byScope === undefined) {
      byScope = new WeakMap();
      this.boundaries.set(profile, byScope);
    }
    if (bySource === undefined) {
      bySource = new Map();
      byScope.set(identity, bySource);
    }
    bySource.set(sourceRegionId, boundary);
    return boundary;
  }
}

/** The scope of a caller that is not restricted (e.g. `auth: none`, `georoute explain`). */
const UNRESTRICTED: IdentityScope = Object.freeze({});
