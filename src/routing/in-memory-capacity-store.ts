/**
 * The in-process CapacityStore: per deployment, in-flight count, requests/tokens-per-minute windows, learned
 * limits, Retry-After and the circuit breaker. One replica's view; a shared store implements the same contract.
 */
import type { Deployment } from '../catalog/catalog-types.js';
import type { StopSignal } from '../inference/stop-signal.js';
import type { DependencyHealth } from '../observability/dependency-health.js';
import type {
  AttemptOutcomeReport,
  CapacityLease,
  CapacityStore,
  CapacityWake,
  DeploymentSnapshot,
} from './routing-contract.js';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import { LearnedLimits, defaultLearnedLimitOptions, type LearnedLimitOptions } from './learned-limits.js';
import { SlidingWindowCounter } from './sliding-window-counter.js';
import { CapacityWaiters } from './capacity-waiters.js';
import { realScheduleTimeout, type ScheduleTimeout } from './schedule-timeout.js';

export interface InMemoryCapacityStoreOptions {
  /** `routing.breaker` of the configuration. */
  breaker: CircuitBreakerOptions;
  learning?: Partial<LearnedLimitOptions>;
  /** Cool-down after a 429 that names no Retry-After or reset time. */
  defaultRetryAfterMs?: number;
  /** Weight of the newest sample in the smoothed time to first byte (0 < a <= 1). */
  latencySmoothing?: number;
  scheduleTimeout?: ScheduleTimeout;
}

interface DeploymentState {
  deployment: Deployment;
  inFlight: number;
  readonly requests: SlidingWindowCounter;
  readonly tokens: SlidingWindowCounter;
  readonly limits: LearnedLimits;
  readonly breaker: CircuitBreaker;
  throttledUntil: number;
  latencyMs?: number;
}

export class InMemoryCapacityStore implements CapacityStore {
  private readonly states = new Map<string, DeploymentState>();
  private readonly waiters: CapacityWaiters;
  private readonly learning: LearnedLimitOptions;
  private readonly defaultRetryAfterMs: number;
  private readonly latencySmoothing: number;

  constructor(private readonly options: InMemoryCapacityStoreOptions) {
    this.learning = { ...defaultLearnedLimitOptions, ...options.learning };
    this.defaultRetryAfterMs = options.defaultRetryAfterMs ?? 1_000;
    this.latencySmoothing = options.latencySmoothing ?? 0.2;
    this.waiters = new CapacityWaiters(options.scheduleTimeout ?? realScheduleTimeout);
  }

  async snapshot(deployment: Deployment, now: number): Promise<DeploymentSnapshot> {
    const state = this.refresh(deployment, now);
    const { limits, breaker } = state;
    const requestsLastMinute = state.requests.total(now);
    const tokensLastMinute = state.tokens.total(now);
    const breakerState = breaker.state(now);
    let rateWindowFreesAt = 0;
    if (requestsLastMinute >= limits.requestLimit) {
      rateWindowFreesAt = state.requests.freesAt(now, requestsLastMinute - limits.requestLimit + 1);
    }
    if (tokensLastMinute >= limits.tokenLimit) {
      rateWindowFreesAt = Math.max(rateWindowFreesAt, state.tokens.freesAt(now, tokensLastMinute - limits.tokenLimit + 1));
    }
    return {
      deploymentId: deployment.id,
      inFlight: state.inFlight,
      requestsLastMinute,
      tokensLastMinute,
      learnedRequestsPerMinute: limits.requestLimit,
      learnedTokensPerMinute: limits.tokenLimit,
      learnedMaxConcurrent: limits.maxConcurrent,
      throttledUntil: state.throttledUntil > now ? state.throttledUntil : 0,
      breaker: breakerState,
      consecutiveFailures: breaker.consecutiveFailures,
      latencyMs: state.latencyMs,
      breakerOpenUntil: breakerState === 'open' ? breaker.openUntil : undefined,
      rateWindowFreesAt,
    };
  }

  async tryAcquire(deployment: Deployment, estimatedTokens: number, now: number): Promise<CapacityLease | null> {
    const state = this.refresh(deployment, now);
    if (state.throttledUntil > now) return null;
    const admission = state.breaker.admit(now);
    if (admission === 'refuse') return null;
    const { limits } = state;
    if (state.inFlight >= limits.maxConcurrent) return null;
    if (state.requests.total(now) >= limits.requestLimit) return null;
    const tokens = tokenCount(estimatedTokens);
    const tokensUsed = state.tokens.total(now);
    // A request larger than the whole budget still goes through an empty window, rather than never.
    if (tokensUsed > 0 && tokensUsed + tokens > limits.tokenLimit) return null;
    if (admission === 'probe') state.breaker.startProbe();
    state.inFlight += 1;
    state.requests.add(now, 1);
    const bucket = state.tokens.add(now, tokens);
    return new InMemoryLease(this, state, bucket, tokens, admission === 'probe');
  }

  async record(deployment: Deployment, report: AttemptOutcomeReport, now: number): Promise<void> {
    const state = this.refresh(deployment, now);
    const capacity = deployment.capacity;
    switch (report.kind) {
      case 'success': {
        if (!report.streaming) state.breaker.onSuccess(now);
        state.limits.onSuccess(capacity, report.rateLimit);
        const a = this.latencySmoothing;
        state.latencyMs = state.latencyMs === undefined ? report.latencyMs : state.latencyMs + a * (report.latencyMs - state.latencyMs);
        const reset = report.rateLimit?.resetMs;
        const exhausted = report.rateLimit?.remainingRequests === 0 || report.rateLimit?.remainingTokens === 0;
        if (exhausted && reset !== undefined && reset > 0) state.throttledUntil = Math.max(state.throttledUntil, now + reset);
        break;
      }
      case 'throttled': {
        // Back-pressure, not an outage: the breaker is never told.
        state.limits.onThrottled(capacity, report.rateLimit);
        const waitMs = report.retryAfterMs ?? report.rateLimit?.resetMs ?? this.defaultRetryAfterMs;
        state.throttledUntil = Math.max(state.throttledUntil, now + Math.max(0, waitMs));
        break;
      }
      case 'failure':
        state.breaker.onFailure(now);
        break;
      case 'stream-completed':
        state.breaker.onSuccess(now);
        break;
    }
  }

  waitForCapacity(timeoutMs: number, signal: StopSignal): Promise<CapacityWake> {
    return this.waiters.wait(timeoutMs, signal);
  }

  /** The state lives in this process: ready while the process runs. */
  async checkHealth(): Promise<DependencyHealth> {
    return { ready: true };
  }

  /** @internal Called by a lease; wakes every waiter (they race for the freed slot with tryAcquire). */
  releaseLease(state: DeploymentState, bucket: number, estimatedTokens: number, isProbe: boolean, actualTokens: number | undefined): void {
    state.inFlight = Math.max(0, state.inFlight - 1);
    if (isProbe) state.breaker.endProbe();
    if (actualTokens !== undefined) state.tokens.adjust(bucket, tokenCount(actualTokens) - estimatedTokens);
    this.wakeWaiters();
  }

  private wakeWaiters(): void {
    this.waiters.wakeOne();
  }

  private refresh(deployment: Deployment, now: number): DeploymentState {
    let state = this.states.get(deployment.id);
    if (state === undefined) {
      state = {
        deployment,
        inFlight: 0,
        requests: new SlidingWindowCounter(),
        tokens: new SlidingWindowCounter(),
        limits: new LearnedLimits(deployment.capacity, now, this.learning),
        breaker: new CircuitBreaker(this.options.breaker),
        throttledUntil: 0,
      };
      this.states.set(deployment.id, state);
      return state;
    }
    state.deployment = deployment;
    state.limits.recover(deployment.capacity, now, state.throttledUntil);
    return state;
  }
}

class InMemoryLease implements CapacityLease {
  private released = false;

  constructor(
    private readonly store: InMemoryCapacityStore,
    private readonly state: DeploymentState,
    private readonly bucket: number,
    private readonly estimatedTokens: number,
    private readonly isProbe: boolean,
  ) {}

  get deploymentId(): string {
    return this.state.deployment.id;
  }

  release(actualTokens?: number): void {
    if (this.released) return;
    this.released = true;
    this.store.releaseLease(this.state, this.bucket, this.estimatedTokens, this.isProbe, actualTokens);
  }
}

/** A token count as the windows take it: finite and not negative (a NaN estimate must not poison a window). */
function tokenCount(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

export function createInMemoryCapacityStore(options: InMemoryCapacityStoreOptions): InMemoryCapacityStore {
  return new InMemoryCapacityStore(options);
}
