/**
 * The behaviour every CapacityStore must have, as one suite run against each implementation (the in-memory store
 * is the reference; the Redis store must match it case by case). Not a test file itself.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment } from '../../src/catalog/catalog-types.js';
import type { CapacityLease, CapacityStore } from '../../src/routing/routing-contract.js';
import type { ScheduleTimeout } from '../../src/routing/schedule-timeout.js';
import { ManualClock, NOVA, buildCatalog, settle } from './routing-test-kit.js';

export interface StoreUnderTest {
  store: CapacityStore;
  close(): Promise<void>;
}

/** Makes a fresh, empty store (breaker: 3 failures, open 10 s) on the given timers. */
export type StoreFactory = (scheduleTimeout: ScheduleTimeout) => Promise<StoreUnderTest>;

interface Capacity {
  maxConcurrent?: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
}

export function describeCapacityStoreContract(name: string, factory: StoreFactory): void {
  const opened: StoreUnderTest[] = [];
  after(async () => {
    await Promise.all(opened.map((s) => s.close()));
  });

  async function setup(capacity: Capacity = {}) {
    const clock = new ManualClock();
    const catalog = buildCatalog({ regions: [['r1', 0, 0]], deployments: [{ model: NOVA, region: 'r1', ...capacity }] });
    const deployment: Deployment = catalog.deployments[0];
    const underTest = await factory(clock.scheduleTimeout);
    opened.push(underTest);
    return { clock, deployment, store: underTest.store };
  }

  async function acquireAll(store: CapacityStore, deployment: Deployment, now: number, tokens = 100): Promise<CapacityLease[]> {
    const leases: CapacityLease[] = [];
    for (;;) {
      const lease = await store.tryAcquire(deployment, tokens, now);
      if (lease === null) return leases;
      leases.push(lease);
    }
  }

  describe(`${name}: concurrency and windows`, () => {
    it('hands out at most maxConcurrent leases, and a release frees one (once)', async () => {
      const { clock, deployment, store } = await setup({ maxConcurrent: 3 });
      const leases = await acquireAll(store, deployment, clock.now());
      assert.equal(leases.length, 3);
      assert.equal((await store.snapshot(deployment, clock.now())).inFlight, 3);
      leases[0].release();
      leases[0].release();
      assert.equal((await store.snapshot(deployment, clock.now())).inFlight, 2);
      assert.ok(await store.tryAcquire(deployment, 100, clock.now()));
      assert.equal(await store.tryAcquire(deployment, 100, clock.now()), null);
    });

    it('enforces requests per minute with a sliding window and says when it frees', async () => {
      const { clock, deployment, store } = await setup({ requestsPerMinute: 2 });
      (await store.tryAcquire(deployment, 1, clock.now()))?.release(1);
      clock.advance(20_000);
      (await store.tryAcquire(deployment, 1, clock.now()))?.release(1);
      assert.equal(await store.tryAcquire(deployment, 1, clock.now()), null);
      const snapshot = await store.snapshot(deployment, clock.now());
      assert.equal(snapshot.requestsLastMinute, 2);
      assert.equal(snapshot.rateWindowFreesAt, Date.UTC(2026, 0, 1) + 60_000);
      clock.advance(40_000);
      assert.ok(await store.tryAcquire(deployment, 1, clock.now()));
    });

    it('counts estimated tokens at acquire and the real count at release', async () => {
      const { clock, deployment, store } = await setup({ tokensPerMinute: 1_000 });
      const lease = await store.tryAcquire(deployment, 800, clock.now());
      assert.ok(lease);
      assert.equal((await store.snapshot(deployment, clock.now())).tokensLastMinute, 800);
      assert.equal(await store.tryAcquire(deployment, 300, clock.now()), null, 'the estimate already uses the budget');
      lease.release(150);
      assert.equal((await store.snapshot(deployment, clock.now())).tokensLastMinute, 150);
      assert.ok(await store.tryAcquire(deployment, 300, clock.now()));
    });

    it('does not let a NaN or negative token count poison the window', async () => {
      const { clock, deployment, store } = await setup({ tokensPerMinute: 1_000 });
      (await store.tryAcquire(deployment, Number.NaN, clock.now()))?.release(-5);
      assert.equal((await store.snapshot(deployment, clock.now())).tokensLastMinute, 0);
      assert.ok(await store.tryAcquire(deployment, 900, clock.now()));
    });

    it('lets a request larger than the whole token budget through an empty window rather than never', async () => {
      const { clock, deployment, store } = await setup({ tokensPerMinute: 1_000 });
      assert.ok(await store.tryAcquire(deployment, 5_000, clock.now()));
      assert.equal(await store.tryAcquire(deployment, 1, clock.now()), null, 'but the window is then full');
    });
  });

  describe(`${name}: learned limits`, () => {
    it('lowers the learned limits on a 429, honours Retry-After, and never tells the breaker', async () => {
      const { clock, deployment, store } = await setup({ maxConcurrent: 8, requestsPerMinute: 600 });
      await store.record(deployment, { kind: 'throttled', retryAfterMs: 5_000 }, clock.now());
      const snapshot = await store.snapshot(deployment, clock.now());
      assert.equal(snapshot.learnedMaxConcurrent, 4);
      assert.equal(snapshot.learnedRequestsPerMinute, 300);
      assert.equal(snapshot.throttledUntil, clock.now() + 5_000);
      assert.equal(snapshot.breaker, 'closed');
      assert.equal(snapshot.consecutiveFailures, 0);
      assert.equal(await store.tryAcquire(deployment, 1, clock.now()), null, 'throttled until Retry-After');
      clock.advance(5_000);
      assert.ok(await store.tryAcquire(deployment, 1, clock.now()));
    });

    it('uses a default cool-down when the 429 names no Retry-After', async () => {
      const { clock, deployment, store } = await setup();
      await store.record(deployment, { kind: 'throttled' }, clock.now());
      assert.equal((await store.snapshot(deployment, clock.now())).throttledUntil, clock.now() + 1_000);
    });

    it('recovers additively per success back up to the declared capacity, never above', async () => {
      const { clock, deployment, store } = await setup({ maxConcurrent: 8 });
      await store.record(deployment, { kind: 'throttled', retryAfterMs: 0 }, clock.now());
      await store.record(deployment, { kind: 'throttled', retryAfterMs: 0 }, clock.now());
      assert.equal((await store.snapshot(deployment, clock.now())).learnedMaxConcurrent, 2);
      const seen: number[] = [];
      for (let i = 0; i < 10; i++) {
        await store.record(deployment, { kind: 'success', latencyMs: 100 }, clock.now());
        seen.push((await store.snapshot(deployment, clock.now())).learnedMaxConcurrent);
      }
      assert.deepEqual(seen, [2, 3, 4, 5, 6, 6, 7, 8, 8, 8]);
    });

    it('recovers with time once the Retry-After has passed', async () => {
      const { clock, deployment, store } = await setup({ maxConcurrent: 8 });
      await store.record(deployment, { kind: 'throttled', retryAfterMs: 10_000 }, clock.now());
      clock.advance(10_000);
      assert.equal((await store.snapshot(deployment, clock.now())).learnedMaxConcurrent, 4, 'no recovery while throttled');
      clock.advance(12_500); // 0.02 x 8 per second -> +2
      assert.equal((await store.snapshot(deployment, clock.now())).learnedMaxConcurrent, 6);
      clock.advance(60_000);
      assert.equal((await store.snapshot(deployment, clock.now())).learnedMaxConcurrent, 8);
    });

    it('follows x-ratelimit headers: an advertised limit becomes the ceiling, an exhausted one is lowered alone', async () => {
      const { clock, deployment, store } = await setup({ maxConcurrent: 8, requestsPerMinute: 600, tokensPerMinute: 100_000 });
      await store.record(deployment, { kind: 'success', latencyMs: 80, rateLimit: { limitRequests: 100, remainingRequests: 50 } }, clock.now());
      assert.equal((await store.snapshot(deployment, clock.now())).learnedRequestsPerMinute, 100);
      await store.record(
        deployment,
        { kind: 'throttled', retryAfterMs: 1_000, rateLimit: { limitTokens: 50_000, remainingTokens: 0 } },
        clock.now(),
      );
      const snapshot = await store.snapshot(deployment, clock.now());
      assert.equal(snapshot.learnedTokensPerMinute, 25_000);
      assert.equal(snapshot.learnedRequestsPerMinute, 100, 'requests were not the exhausted limit');
      assert.equal(snapshot.learnedMaxConcurrent, 8, 'concurrency was not the exhausted limit');
    });

    it('stops calling a deployment that said its window is exhausted until the reset', async () => {
      const { clock, deployment, store } = await setup();
      await store.record(deployment, { kind: 'success', latencyMs: 80, rateLimit: { remainingRequests: 0, resetMs: 3_000 } }, clock.now());
      assert.equal(await store.tryAcquire(deployment, 1, clock.now()), null);
      clock.advance(3_000);
      assert.ok(await store.tryAcquire(deployment, 1, clock.now()));
    });

    it('smooths the observed time to first byte', async () => {
      const { clock, deployment, store } = await setup();
      assert.equal((await store.snapshot(deployment, clock.now())).latencyMs, undefined);
      await store.record(deployment, { kind: 'success', latencyMs: 100 }, clock.now());
      await store.record(deployment, { kind: 'success', latencyMs: 200 }, clock.now());
      assert.equal((await store.snapshot(deployment, clock.now())).latencyMs, 120);
    });
  });

  describe(`${name}: circuit breaker`, () => {
    it('opens after failureThreshold consecutive failures; a success in between resets the count', async () => {
      const { clock, deployment, store } = await setup();
      await store.record(deployment, { kind: 'failure' }, clock.now());
      await store.record(deployment, { kind: 'failure' }, clock.now());
      await store.record(deployment, { kind: 'success', latencyMs: 50 }, clock.now());
      await store.record(deployment, { kind: 'failure' }, clock.now());
      await store.record(deployment, { kind: 'failure' }, clock.now());
      assert.equal((await store.snapshot(deployment, clock.now())).breaker, 'closed');
      await store.record(deployment, { kind: 'failure' }, clock.now());
      const snapshot = await store.snapshot(deployment, clock.now());
      assert.equal(snapshot.breaker, 'open');
      assert.equal(snapshot.breakerOpenUntil, clock.now() + 10_000);
      assert.equal(await store.tryAcquire(deployment, 1, clock.now()), null);
    });

    it('never counts a 429 towards the breaker', async () => {
      const { clock, deployment, store } = await setup();
      for (let i = 0; i < 20; i++) await store.record(deployment, { kind: 'throttled', retryAfterMs: 0 }, clock.now());
      const snapshot = await store.snapshot(deployment, clock.now());
      assert.equal(snapshot.breaker, 'closed');
      assert.equal(snapshot.consecutiveFailures, 0);
    });

    it('half-opens after openMs, lets exactly one probe through, and closes on its success', async () => {
      const { clock, deployment, store } = await setup();
      for (let i = 0; i < 3; i++) await store.record(deployment, { kind: 'failure' }, clock.now());
      clock.advance(10_000);
      assert.equal((await store.snapshot(deployment, clock.now())).breaker, 'half-open');
      const probe = await store.tryAcquire(deployment, 1, clock.now());
      assert.ok(probe);
      assert.equal(await store.tryAcquire(deployment, 1, clock.now()), null, 'one probe at a time');
      await store.record(deployment, { kind: 'success', latencyMs: 50 }, clock.now());
      probe.release(1);
      assert.equal((await store.snapshot(deployment, clock.now())).breaker, 'closed');
      assert.equal((await acquireAll(store, deployment, clock.now())).length, 8);
    });

    it('re-opens for a fresh, full openMs when the probe fails', async () => {
      const { clock, deployment, store } = await setup();
      for (let i = 0; i < 3; i++) await store.record(deployment, { kind: 'failure' }, clock.now());
      clock.advance(10_000);
      const probe = await store.tryAcquire(deployment, 1, clock.now());
      assert.ok(probe);
      clock.advance(4_000);
      await store.record(deployment, { kind: 'failure' }, clock.now());
      probe.release(0);
      clock.advance(9_999);
      assert.equal((await store.snapshot(deployment, clock.now())).breaker, 'open', 'not a shorter leftover');
      clock.advance(1);
      assert.equal((await store.snapshot(deployment, clock.now())).breaker, 'half-open');
    });

    it('lets another probe go when the first one was given back unanswered', async () => {
      const { clock, deployment, store } = await setup();
      for (let i = 0; i < 3; i++) await store.record(deployment, { kind: 'failure' }, clock.now());
      clock.advance(10_000);
      (await store.tryAcquire(deployment, 1, clock.now()))?.release();
      assert.ok(await store.tryAcquire(deployment, 1, clock.now()));
    });

    it('keeps a streaming success provisional: the breaker waits for stream-completed', async () => {
      const { clock, deployment, store } = await setup();
      for (let i = 0; i < 3; i++) await store.record(deployment, { kind: 'failure' }, clock.now());
      clock.advance(10_000);
      const probe = await store.tryAcquire(deployment, 1, clock.now());
      assert.ok(probe);
      await store.record(deployment, { kind: 'success', latencyMs: 50, streaming: true }, clock.now());
      let snapshot = await store.snapshot(deployment, clock.now());
      assert.equal(snapshot.breaker, 'half-open', 'a stream that has only started does not close the breaker');
      assert.equal(snapshot.latencyMs, 50, 'but its latency is learned');
      await store.record(deployment, { kind: 'stream-completed' }, clock.now());
      probe.release(10);
      snapshot = await store.snapshot(deployment, clock.now());
      assert.equal(snapshot.breaker, 'closed');
      assert.equal(snapshot.consecutiveFailures, 0);
    });

    it('counts a stream cut mid-way (failure after a provisional success) towards the breaker', async () => {
      const { clock, deployment, store } = await setup();
      for (let i = 0; i < 3; i++) {
        await store.record(deployment, { kind: 'success', latencyMs: 50, streaming: true }, clock.now());
        await store.record(deployment, { kind: 'failure' }, clock.now());
      }
      assert.equal((await store.snapshot(deployment, clock.now())).breaker, 'open');
    });
  });

  describe(`${name}: waitForCapacity`, () => {
    it('resolves when a lease is released', async () => {
      const { clock, deployment, store } = await setup({ maxConcurrent: 1 });
      const lease = await store.tryAcquire(deployment, 1, clock.now());
      let woken = false;
      const wait = store.waitForCapacity(60_000, new AbortController().signal).then(() => (woken = true));
      await settle();
      assert.equal(woken, false);
      lease?.release();
      await wait;
      assert.equal(woken, true);
      assert.equal(clock.pendingTimers, 0, 'the timeout timer is cancelled');
    });

    it('resolves at the timeout', async () => {
      const { clock, store } = await setup();
      let woken = false;
      const wait = store.waitForCapacity(2_000, new AbortController().signal).then(() => (woken = true));
      clock.advance(1_999);
      await settle();
      assert.equal(woken, false);
      clock.advance(1);
      await wait;
      assert.equal(woken, true);
    });

    it('resolves when the signal aborts', async () => {
      const { clock, store } = await setup();
      const controller = new AbortController();
      const wait = store.waitForCapacity(60_000, controller.signal);
      controller.abort();
      await wait;
      assert.equal(clock.pendingTimers, 0);
    });
  });
}
