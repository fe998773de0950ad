/**
 * A router over the European test catalog with a manual clock, and fake upstreams whose behaviour each test
 * scripts per region. Not a test file itself.
 */
import assert from 'node:assert/strict';
import type { Deployment, InferenceProfile } from '../../src/catalog/catalog-types.js';
import { createRouter, type RouterOptions } from '../../src/routing/failover-dispatcher.js';
import { InMemoryCapacityStore } from '../../src/routing/in-memory-capacity-store.js';
import type { AttemptRecord, CapacityLease, DispatchInput, DispatchResult } from '../../src/routing/routing-contract.js';
import { UpstreamFailure } from '../../src/providers/upstream-contract.js';
import type { StopSignal } from '../../src/inference/stop-signal.js';
import { ManualClock, euNovaProfile, europeCatalog } from './routing-test-kit.js';

/** How a fake upstream answers one attempt. */
export type Behaviour = 'ok' | 'hang' | 'ignore-abort' | UpstreamFailure;

export const throttled = (retryAfterMs?: number): UpstreamFailure =>
  new UpstreamFailure('throttled', 'Too many requests', { status: 429, retryAfterMs });
export const unavailable = (): UpstreamFailure => new UpstreamFailure('unavailable', 'Service unavailable', { status: 503 });
export const timedOut = (): UpstreamFailure => new UpstreamFailure('timeout', 'first byte timeout');

export class FakeUpstreams {
  readonly calls: string[] = [];
  readonly signals: StopSignal[] = [];
  private readonly scripts = new Map<string, Behaviour[]>();
  private readonly defaults = new Map<string, Behaviour>();

  /** Every attempt in `regionId` behaves like this (after any scripted ones). */
  always(regionId: string, behaviour: Behaviour): this {
    this.defaults.set(regionId, behaviour);
    return this;
  }

  /** The next attempts in `regionId` behave like these, in order. */
  next(regionId: string, ...behaviours: Behaviour[]): this {
    this.scripts.set(regionId, [...(this.scripts.get(regionId) ?? []), ...behaviours]);
    return this;
  }

  readonly attempt = (deployment: Deployment, signal: StopSignal): Promise<string> => {
    this.calls.push(deployment.regionId);
    this.signals.push(signal);
    const behaviour = this.scripts.get(deployment.regionId)?.shift() ?? this.defaults.get(deployment.regionId) ?? 'ok';
    if (behaviour === 'ok') return Promise.resolve(`answer from ${deployment.regionId}`);
    if (behaviour === 'ignore-abort') return new Promise<string>(() => undefined);
    if (behaviour === 'hang') {
      return new Promise<string>((_, reject) => {
        signal.addEventListener('abort', () => reject(new UpstreamFailure('cancelled', 'aborted')), { once: true });
      });
    }
    return Promise.reject(behaviour);
  };
}

export function setupDispatcher(overrides: Partial<RouterOptions> = {}, breaker = { failureThreshold: 3, openMs: 10_000 }) {
  const clock = new ManualClock();
  const catalog = europeCatalog(8);
  const store = new InMemoryCapacityStore({ breaker, scheduleTimeout: clock.scheduleTimeout });
  // Releases are immediate here unless a test asks for the cancellation hold (cancellation-hold.ts).
  const options: RouterOptions = { maxAttempts: 10, deadlineMs: 120_000, queue: { maxWaiting: 16, maxWaitMs: 2_000 }, cancelHoldMs: 0, ...overrides };
  const router = createRouter({ catalog, store, options, now: clock.now, scheduleTimeout: clock.scheduleTimeout });
  const upstreams = new FakeUpstreams();

  const inRegion = (regionId: string): Deployment => {
    const deployment = catalog.deployments.find((d) => d.regionId === regionId);
    assert.ok(deployment, regionId);
    return deployment;
  };

  const hold = async (regionId: string, count: number): Promise<CapacityLease[]> => {
    const leases: CapacityLease[] = [];
    for (let i = 0; i < count; i++) {
      const lease = await store.tryAcquire(inRegion(regionId), 100, clock.now());
      assert.ok(lease, `lease ${i + 1} in ${regionId}`);
      leases.push(lease);
    }
    return leases;
  };

  const snapshot = (regionId: string) => store.snapshot(inRegion(regionId), clock.now());

  /** Dispatch one request; `attempts` collects its AttemptRecords. */
  const dispatch = (
    extra: Partial<DispatchInput<string>> & { attempts?: AttemptRecord[]; profile?: InferenceProfile } = {},
  ): Promise<DispatchResult<string>> =>
    router.dispatch<string>({
      profile: euNovaProfile,
      sourceRegionId: 'eu-central-1',
      estimatedTokens: 100,
      signal: new AbortController().signal,
      attempts: [],
      attempt: upstreams.attempt,
      ...extra,
    });

  return { clock, catalog, store, router, upstreams, inRegion, hold, snapshot, dispatch };
}

/** The total in flight over every deployment of the catalog. */
export async function totalInFlight(setup: ReturnType<typeof setupDispatcher>): Promise<number> {
  let total = 0;
  for (const deployment of setup.catalog.deployments) total += (await setup.store.snapshot(deployment, setup.clock.now())).inFlight;
  return total;
}
