/**
 * The shared CapacityStore: the state of InMemoryCapacityStore (in flight, requests/tokens windows, learned
 * limits, Retry-After, circuit breaker) kept in Redis, so every replica of the gateway enforces one combined limit
 * and sees a 429 or an open breaker recorded by another replica on its next call. Each step is one Lua script
 * (redis-capacity-scripts.ts): one round trip to acquire, one to release, one to record; concurrent snapshots of
 * one plan go out in one pipeline (auto-pipelining). Releases are published, so waiters on every replica wake.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Deployment } from '../catalog/catalog-types.js';
import type { StopSignal } from '../inference/stop-signal.js';
import { GeorouteError } from '../errors/error-catalog.js';
import { describeFailure, type DependencyHealth } from '../observability/dependency-health.js';
import type { AttemptOutcomeReport, BreakerState, CapacityLease, CapacityStore, CapacityWake, DeploymentSnapshot } from './routing-contract.js';
import type { CircuitBreakerOptions } from './circuit-breaker.js';
import { CapacityWaiters } from './capacity-waiters.js';
import { defaultLearnedLimitOptions, type LearnedLimitOptions } from './learned-limits.js';
import { capacityScripts } from './redis-capacity-scripts.js';
import { RedisLeaseHeartbeat } from './redis-lease-heartbeat.js';
import { realScheduleTimeout, type ScheduleTimeout } from './schedule-timeout.js';

export interface RedisCapacityStoreOptions {
  /** Connection for the scripts (auto-pipelining recommended) and one in subscriber mode for release news. */
  commands: Redis;
  subscriber: Redis;
  /** Prefix of every key and of the release channel; replicas sharing limits use the same one. */
  keyPrefix?: string;
  breaker: CircuitBreakerOptions;
  learning?: Partial<LearnedLimitOptions>;
  defaultRetryAfterMs?: number;
  latencySmoothing?: number;
  /** A lease not refreshed for this long (its replica died or stalled) no longer holds a slot. */
  leaseTtlMs?: number;
  /** How often a replica refreshes the leases it holds (default: a third of the TTL). */
  leaseRefreshMs?: number;
  /** Idle deployments' state (learned limits, breaker) is forgotten after this long. */
  stateTtlMs?: number;
  scheduleTimeout?: ScheduleTimeout;
  /** Background failures (a release or heartbeat that did not reach Redis); never thrown at a request. */
  onError?: (error: unknown, context: string) => void;
  /** Close the two connections with the store (default true). */
  ownsConnections?: boolean;
  /**
   * After reconnecting to a Redis that lost its data (restart without persistence, flush), admit nothing for this
   * long, so that every replica can reassert its leases first (default 1 500 ms; see reconnectSettle in docs).
   */
  reconnectSettleMs?: number;
}

const BUCKET_MS = 1_000;
const BUCKET_COUNT = 60;
const BREAKER_STATES: ReadonlySet<string> = new Set<BreakerState>(['closed', 'open', 'half-open']);

export class RedisCapacityStore implements CapacityStore {
  readonly keyPrefix: string;
  readonly channel: string;
  private readonly redis: Redis;
  private readonly learning: LearnedLimitOptions;
  private readonly leaseTtlMs: number;
  private readonly stateTtlMs: number;
  private readonly waiters: CapacityWaiters;
  private readonly heartbeat: RedisLeaseHeartbeat;
  private readonly replicaId = randomUUID();
  private readonly onError: (error: unknown, context: string) => void;
  private leaseSeq = 0;
  private closed = false;
  /** Names the Redis dataset this replica has seen (`<keyPrefix>generation`); a different one means data was lost. */
  private generation: string | undefined;
  /** Set while a reconnection is being checked and leases reasserted; admissions wait for it. */
  private reconnecting: Promise<void> | undefined;
  /** Epoch ms before which nothing is admitted (other replicas are reasserting their leases). */
  private settleUntil = 0;

  constructor(private readonly options: RedisCapacityStoreOptions) {
    this.redis = options.commands;
    this.keyPrefix = options.keyPrefix ?? 'georoute:capacity:';
    this.channel = `${this.keyPrefix}released`;
    this.learning = { ...defaultLearnedLimitOptions, ...options.learning };
    this.leaseTtlMs = options.leaseTtlMs ?? 30_000;
    this.stateTtlMs = options.stateTtlMs ?? 86_400_000;
    this.onError = options.onError ?? (() => undefined);
    this.waiters = new CapacityWaiters(options.scheduleTimeout ?? realScheduleTimeout);
    this.heartbeat = new RedisLeaseHeartbeat(this.redis, {
      leaseTtlMs: this.leaseTtlMs,
      intervalMs: options.leaseRefreshMs ?? Math.max(1, Math.floor(this.leaseTtlMs / 3)),
      onError: this.onError,
    });
    options.subscriber.on('message', (channel: string) => {
      if (channel === this.channel) this.waiters.wakeOne();
    });
    // The connection was ready before the store existed: every 'ready' seen here is a reconnection.
    this.redis.on('ready', () => {
      if (this.closed) return;
      const check: Promise<void> = this.afterReconnect()
        .catch((error: unknown) => this.onError(error, 'reconnect'))
        .finally(() => {
          if (this.reconnecting === check) this.reconnecting = undefined;
        });
      this.reconnecting = check;
    });
  }

  /** Subscribes to the release channel; call once before serving (connectRedisCapacityStore does). */
  async start(): Promise<void> {
    await this.options.subscriber.subscribe(this.channel);
    this.generation = await this.claimGeneration();
  }

  /** The one key outside a deployment's hash tag: plain GET/SET only, so it may live on any cluster slot. */
  get generationKey(): string {
    return `${this.keyPrefix}generation`;
  }

  /**
   * The dataset's generation id, creating one if Redis has none (first replica, or the data was lost). It expires
   * with the state (a day without a replica starting or reconnecting), after which a reconnect settles once more.
   */
  private async claimGeneration(): Promise<string> {
    await this.redis.set(this.generationKey, randomUUID(), 'PX', this.stateTtlMs, 'NX');
    await this.redis.pexpire(this.generationKey, this.stateTtlMs);
    return (await this.redis.get(this.generationKey)) ?? '';
  }

  /**
   * Back on Redis: if it lost its data, hold admissions for `reconnectSettleMs` (every replica reconnects and
   * reasserts within that), and reassert this replica's leases at once either way.
   */
  private async afterReconnect(): Promise<void> {
    const current = await this.redis.get(this.generationKey);
    if (current !== this.generation) {
      this.settleUntil = Date.now() + (this.options.reconnectSettleMs ?? 1_500);
      this.generation = await this.claimGeneration();
      this.onError(new Error('Redis lost the shared capacity state (restart or flush); reasserting leases, admitting again after the settle time'), 'reconnect');
    }
    await this.heartbeat.beat();
  }

  /**
   * Admissions wait while a reconnection is checked and during the settle time after Redis lost its data.
   * True when it had to wait (the caller's `now` is stale then).
   */
  private async untilSettled(): Promise<boolean> {
    if (this.reconnecting === undefined && this.settleUntil <= Date.now()) return false;
    if (this.reconnecting) await this.reconnecting;
    const wait = this.settleUntil - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    return true;
  }

  /** The four keys of a deployment, under one hash tag. */
  keysOf(deploymentId: string): [string, string, string, string] {
    const base = `${this.keyPrefix}{${deploymentId}}`;
    return [`${base}:state`, `${base}:leases`, `${base}:requests`, `${base}:tokens`];
  }

  async snapshot(deployment: Deployment, now: number): Promise<DeploymentSnapshot> {
    const reply = await this.run('snapshot', () => capacityScripts.snapshot.run(this.redis, this.keysOf(deployment.id), this.commonArgs(deployment, now)));
    const f = stringsOf(reply, 12);
    const breaker = BREAKER_STATES.has(f[7]) ? (f[7] as BreakerState) : 'closed';
    return {
      deploymentId: deployment.id,
      inFlight: Number(f[0]),
      requestsLastMinute: Number(f[1]),
      tokensLastMinute: Number(f[2]),
      learnedRequestsPerMinute: Number(f[3]),
      learnedTokensPerMinute: Number(f[4]),
      learnedMaxConcurrent: Number(f[5]),
      throttledUntil: Number(f[6]),
      breaker,
      consecutiveFailures: Number(f[8]),
      latencyMs: f[9] === '' ? undefined : Number(f[9]),
      breakerOpenUntil: f[10] === '' ? undefined : Number(f[10]),
      rateWindowFreesAt: Number(f[11]),
    };
  }

  async tryAcquire(deployment: Deployment, estimatedTokens: number, requestedAt: number): Promise<CapacityLease | null> {
    const now = (await this.untilSettled()) ? Date.now() : requestedAt;
    const tokens = tokenCount(estimatedTokens);
    const leaseId = `${this.replicaId}:${++this.leaseSeq}`;
    const keys = this.keysOf(deployment.id);
    const reply = await this.run('acquire', () =>
      capacityScripts.acquire.run(this.redis, keys, [...this.commonArgs(deployment, now), tokens, leaseId, this.leaseTtlMs]),
    );
    if (!Array.isArray(reply) || Number(reply[0]) !== 1) return null;
    this.heartbeat.add(keys[1], leaseId);
    return new RedisLease(this, deployment, leaseId, String(reply[1]), tokens);
  }

  async record(deployment: Deployment, report: AttemptOutcomeReport, now: number): Promise<void> {
    const rateLimit = report.kind === 'success' || report.kind === 'throttled' ? report.rateLimit : undefined;
    const args = [
      ...this.commonArgs(deployment, now),
      report.kind,
      report.kind === 'success' ? report.latencyMs : 0,
      report.kind === 'success' && report.streaming === true ? '1' : '0',
      optional(report.kind === 'throttled' ? report.retryAfterMs : undefined),
      this.options.defaultRetryAfterMs ?? 1_000,
      this.options.latencySmoothing ?? 0.2,
      optional(rateLimit?.limitRequests),
      optional(rateLimit?.remainingRequests),
      optional(rateLimit?.limitTokens),
      optional(rateLimit?.remainingTokens),
      optional(rateLimit?.resetMs),
    ];
    await this.run('record', () => capacityScripts.record.run(this.redis, this.keysOf(deployment.id), args));
  }

  waitForCapacity(timeoutMs: number, signal: StopSignal): Promise<CapacityWake> {
    return this.waiters.wait(timeoutMs, signal);
  }

  /** Ready while the command connection is up and Redis answers PING (bounded by the command timeout). */
  async checkHealth(): Promise<DependencyHealth> {
    if (this.closed) return { ready: false, detail: 'the capacity store is closed' };
    if (this.redis.status !== 'ready') return { ready: false, detail: `Redis connection is ${this.redis.status}` };
    if (this.reconnecting || this.settleUntil > Date.now()) return { ready: false, detail: 'reasserting leases after Redis lost its data' };
    try {
      await this.redis.ping();
      return { ready: true };
    } catch (error) {
      return { ready: false, detail: `Redis did not answer PING (${describeFailure(error)})` };
    }
  }

  /** @internal Called by a lease, once. Fire and forget: a release that fails leaves the lease to its TTL. */
  releaseLease(lease: RedisLease, actualTokens: number | undefined): void {
    const keys = this.keysOf(lease.deployment.id);
    this.heartbeat.remove(keys[1], lease.leaseId);
    // Waiters of this replica need not wait for the published message to come back.
    this.waiters.wakeOne();
    if (this.closed) return;
    const delta = actualTokens === undefined ? '' : tokenCount(actualTokens) - lease.estimatedTokens;
    const args = [...this.commonArgs(lease.deployment, 0), lease.leaseId, lease.bucket, delta, this.channel, lease.deployment.id];
    capacityScripts.release.run(this.redis, keys, args).catch((error: unknown) => this.onError(error, 'release'));
  }

  /** Leases this replica holds and keeps alive. */
  get heldLeases(): number {
    return this.heartbeat.heldCount;
  }

  /** Stops the heartbeat (held leases expire by their TTL) and closes the connections if the store owns them. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.heartbeat.stop();
    this.waiters.wakeAll();
    if (this.options.ownsConnections === false) return;
    await Promise.allSettled([this.options.subscriber.quit(), this.redis.quit()]);
  }

  private commonArgs(deployment: Deployment, now: number): Array<string | number> {
    const { capacity } = deployment;
    const { learning } = this;
    return [
      now,
      capacity.maxConcurrent,
      capacity.requestsPerMinute,
      capacity.tokensPerMinute,
      learning.decreaseFactor,
      learning.increasePerSuccess,
      learning.increasePerSecond,
      this.options.breaker.failureThreshold,
      this.options.breaker.openMs,
      BUCKET_MS,
      BUCKET_COUNT,
      this.stateTtlMs,
    ];
  }

  /** Redis out of reach: refuse (fail closed) with a clear 503 rather than admit without the shared limits. */
  private async run(step: string, call: () => Promise<unknown>): Promise<unknown> {
    try {
      return await call();
    } catch (error) {
      throw new GeorouteError('upstream_unavailable', `The shared capacity store (Redis) did not answer (${step}); try again shortly.`, {
        retryAfterSeconds: 1,
        cause: error,
      });
    }
  }
}

class RedisLease implements CapacityLease {
  private released = false;

  constructor(
    private readonly store: RedisCapacityStore,
    readonly deployment: Deployment,
    readonly leaseId: string,
    readonly bucket: string,
    readonly estimatedTokens: number,
  ) {}

  get deploymentId(): string {
    return this.deployment.id;
  }

  release(actualTokens?: number): void {
    if (this.released) return;
    this.released = true;
    this.store.releaseLease(this, actualTokens);
  }
}

/** A token count as the windows take it: finite and not negative (a NaN estimate must not poison a window). */
function tokenCount(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

function optional(value: number | undefined): string | number {
  return value === undefined || !Number.isFinite(value) ? '' : value;
}

function stringsOf(reply: unknown, length: number): string[] {
  if (!Array.isArray(reply) || reply.length !== length) throw new Error(`unexpected reply from the capacity script: ${String(reply)}`);
  return reply.map((value) => String(value));
}
