/**
 * One dispatch: plan, then try candidates in order (boundary assertion, lease, attempt), fail over on 429 and
 * outages, queue briefly when everything is saturated, and end with a success or one clear GeorouteError.
 */
import type { Deployment } from '../catalog/catalog-types.js';
import { GeorouteError } from '../errors/error-catalog.js';
import { UpstreamFailure } from '../providers/upstream-contract.js';
import type {
  AttemptOutcome,
  AttemptOutcomeReport,
  CapacityLease,
  CapacityWake,
  CapacityStore,
  DispatchInput,
  DispatchResult,
  RoutePlan,
} from './routing-contract.js';
import { capacityOutlook, retryAfterSecondsUntil } from './capacity-outlook.js';
import {
  cancelledError,
  deadlineError,
  noAcceptingDeploymentError,
  noCapacityError,
  rejectedError,
  allTimedOutError,
  unavailableError,
} from './dispatch-errors.js';
import type { CancellationLedger } from './cancellation-hold.js';
import type { RequestAbortScope } from './request-abort-scope.js';
import { assertInsideBoundary } from './residency-boundary.js';
import { planRoute, type PlannerContext } from './route-planner.js';

/** Shared by every dispatch of one router; `queue.waiting` counts the dispatches waiting right now. */
export interface DispatchRunContext {
  planner: PlannerContext;
  store: CapacityStore;
  now: () => number;
  maxAttempts: number;
  deadlineMs: number;
  queue: { maxWaiting: number; maxWaitMs: number; waiting: number };
  /** Holds the slots of stopped requests a while, and keeps the 429s they may cause from teaching the limits. */
  cancellations: CancellationLedger;
  /** Content logging: copy an upstream's rejection text into the client's error (and so the audit record). */
  upstreamErrorText?: boolean;
}

/** What trying one candidate came to, when it did not end the dispatch. */
type CandidateOutcome = 'blocked' | 'throttled' | 'failed';

export class DispatchRun<T> {
  private attemptsMade = 0;
  private throttles = 0;
  private waitedMs = 0;
  /** Deployments that failed (unavailable/timeout) during this dispatch; not tried again by it. */
  private excluded: string[] | undefined;
  /** The wake that ended this run's last wait, until the run uses capacity or hands the wake on. */
  private wake: CapacityWake | undefined;

  constructor(
    private readonly context: DispatchRunContext,
    private readonly input: DispatchInput<T>,
    private readonly boundary: readonly string[],
    private readonly scope: RequestAbortScope,
    /** The deployment that last served the request's session, if any: planned first while it has headroom. */
    private readonly affinityDeploymentId?: string,
  ) {}

  async execute(): Promise<DispatchResult<T>> {
    try {
      const result = await this.loop();
      this.wake = undefined; // the capacity it announced (or other capacity) was used
      return result;
    } finally {
      // Ended without using what the last release freed: the next waiter gets the chance.
      this.wake?.pass();
    }
  }

  private async loop(): Promise<DispatchResult<T>> {
    const { maxAttempts, now } = this.context;
    for (;;) {
      this.throwIfStopped();
      const plan = await planRoute(this.context.planner, this.boundary, this.input, now(), this.affinityDeploymentId);
      if (plan.candidates.length === 0) throw noAcceptingDeploymentError(this.input.profile.id, this.boundary);
      let blocked = 0;
      for (const candidate of plan.candidates) {
        if (this.attemptsMade >= maxAttempts) break;
        if (this.excluded?.includes(candidate.deployment.id)) continue;
        this.throwIfStopped();
        const outcome = await this.tryCandidate(candidate.deployment);
        if (typeof outcome !== 'string') return outcome;
        if (outcome !== 'failed') blocked += 1;
      }
      if (this.attemptsMade >= maxAttempts) throw await this.attemptsExhausted(plan);
      if (blocked === 0) throw this.everyCandidateFailed();
      await this.waitForCapacity(plan);
    }
  }

  private async tryCandidate(deployment: Deployment): Promise<DispatchResult<T> | CandidateOutcome> {
    const { store, now } = this.context;
    assertInsideBoundary(this.boundary, deployment);
    const acquired = await store.tryAcquire(deployment, this.input.estimatedTokens, now());
    if (acquired === null) return 'blocked';
    if (this.scope.stopped) {
      acquired.release(0);
      this.throwIfStopped();
    }
    // From here the attempt is sent: if the request is stopped, the upstream may still be working on it.
    const lease = this.context.cancellations.wrap(acquired, this.scope.signal);
    this.attemptsMade += 1;
    const handle = this.scope.startAttempt();
    const startedAt = now();
    let value: T;
    try {
      let pending: Promise<T>;
      try {
        pending = this.input.attempt(deployment, handle.signal, handle.abort);
      } catch (error) {
        pending = Promise.reject(error);
      }
      value = await handle.race(pending);
    } catch (error) {
      handle.abandon('the attempt failed or was given up');
      return this.onAttemptFailure(error, deployment, lease, now() - startedAt);
    }
    const latencyMs = now() - startedAt;
    this.pushAttempt(deployment, 'success', latencyMs);
    await this.recordQuietly(deployment, { kind: 'success', latencyMs, rateLimit: this.input.rateLimitOf?.(value), streaming: this.input.isStream?.(value) ?? false });
    return { value, deployment, lease };
  }

  private async onAttemptFailure(
    error: unknown,
    deployment: Deployment,
    lease: CapacityLease,
    durationMs: number,
  ): Promise<CandidateOutcome> {
    if (this.scope.clientAborted || this.scope.timedOut) {
      this.pushAttempt(deployment, this.scope.clientAborted ? 'cancelled' : 'timeout', durationMs);
      lease.release();
      this.throwIfStopped();
    }
    if (!(error instanceof UpstreamFailure)) {
      this.pushAttempt(deployment, error instanceof GeorouteError ? 'rejected' : 'unavailable', durationMs);
      lease.release(0);
      throw error;
    }
    this.pushAttempt(deployment, error.kind, durationMs, error.status);
    switch (error.kind) {
      case 'throttled':
        this.throttles += 1;
        // Perhaps the echo of our own cancellations (cancellation-hold.ts): fail over, but learn nothing from it.
        if (!this.context.cancellations.mayHaveCausedThrottle(deployment.id)) {
          await this.recordQuietly(deployment, { kind: 'throttled', retryAfterMs: error.retryAfterMs, rateLimit: error.rateLimit });
        }
        lease.release(0);
        return 'throttled';
      case 'unavailable':
      case 'timeout':
        await this.recordQuietly(deployment, { kind: 'failure' });
        lease.release(error.kind === 'timeout' ? undefined : 0);
        (this.excluded ??= []).push(deployment.id);
        return 'failed';
      case 'rejected':
        lease.release(0);
        throw rejectedError(error, deployment, this.context.upstreamErrorText);
      case 'interrupted':
        await this.recordQuietly(deployment, { kind: 'failure' });
        lease.release();
        throw new GeorouteError('stream_interrupted', `The response from ${deployment.regionId} broke off.`, { cause: error });
      case 'cancelled':
        lease.release();
        throw cancelledError(error);
    }
  }

  /** Wait in the bounded queue for capacity, or end with `no_capacity` (or `upstream_unavailable`). */
  private async waitForCapacity(plan: RoutePlan): Promise<void> {
    const { store, now, queue } = this.context;
    const startedAt = now();
    const open = plan.candidates.filter((c) => !this.excluded?.includes(c.deployment.id));
    const outlook = capacityOutlook(await Promise.all(open.map((c) => store.snapshot(c.deployment, startedAt))), startedAt);
    const retryAfterSeconds = retryAfterSecondsUntil(outlook.earliestFreeAt, startedAt);
    const remainingMs = queue.maxWaitMs - this.waitedMs;
    const freesInTime = outlook.earliestFreeAt - startedAt <= remainingMs;
    if (outlook.allBreakersOpen && !freesInTime) {
      throw unavailableError(this.input.profile.id, this.boundary, retryAfterSeconds);
    }
    if (remainingMs <= 0 || queue.waiting >= queue.maxWaiting || (!outlook.freedByRelease && !freesInTime)) {
      throw noCapacityError(this.input.profile.id, this.boundary, retryAfterSeconds);
    }
    const timeoutMs = freesInTime ? outlook.earliestFreeAt - startedAt : remainingMs;
    // Woken before and still blocked: what was released is not usable here; pass the wake on before waiting again.
    this.wake?.pass();
    this.wake = undefined;
    queue.waiting += 1;
    try {
      this.wake = await store.waitForCapacity(timeoutMs, this.scope.signal);
    } finally {
      queue.waiting -= 1;
    }
    this.waitedMs += Math.max(0, now() - startedAt);
  }

  /** Every attempt failed: 408 when each one timed out (the models are too slow), else 503 (an outage). */
  private everyCandidateFailed(): GeorouteError {
    const attempts = this.input.attempts;
    if (attempts.length > 0 && attempts.every((a) => a.outcome === 'timeout')) return allTimedOutError(this.input.profile.id, this.boundary);
    return unavailableError(this.input.profile.id, this.boundary);
  }

  /** maxAttempts used up: back-pressure if any attempt was throttled, otherwise an outage. */
  private async attemptsExhausted(plan: RoutePlan): Promise<GeorouteError> {
    if (this.throttles === 0) return this.everyCandidateFailed();
    const { store, now } = this.context;
    const at = now();
    const open = plan.candidates.filter((c) => !this.excluded?.includes(c.deployment.id));
    const outlook = capacityOutlook(await Promise.all(open.map((c) => store.snapshot(c.deployment, at))), at);
    return noCapacityError(this.input.profile.id, this.boundary, retryAfterSecondsUntil(outlook.earliestFreeAt, at));
  }

  private throwIfStopped(): void {
    if (this.scope.clientAborted) throw cancelledError(this.scope.signal.reason);
    if (this.scope.timedOut) throw deadlineError(this.context.deadlineMs);
  }

  private pushAttempt(deployment: Deployment, outcome: AttemptOutcome, durationMs: number, status?: number): void {
    this.input.attempts.push({ regionId: deployment.regionId, deploymentId: deployment.id, outcome, status, durationMs });
  }

  /** Bookkeeping never changes the outcome of a request: a store that cannot record is not a failed attempt. */
  private async recordQuietly(deployment: Deployment, report: AttemptOutcomeReport): Promise<void> {
    try {
      await this.context.store.record(deployment, report, this.context.now());
    } catch {
      // The next snapshot simply does not know about this attempt.
    }
  }
}
