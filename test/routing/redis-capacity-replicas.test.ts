/**
 * Several gateway replicas sharing one Redis enforce one combined limit: concurrency, windows, a 429's cool-down
 * and the breaker are seen by every replica on its next call; a release on one replica wakes waiters on another;
 * the leases of a replica that died expire. Each "replica" is a RedisCapacityStore with its own connections.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment } from '../../src/catalog/catalog-types.js';
import type { RedisCapacityStore } from '../../src/routing/redis-capacity-store.js';
import type { CapacityLease } from '../../src/routing/routing-contract.js';
import { NOVA, buildCatalog } from './routing-test-kit.js';
import { connectTestStore, deleteKeys, uniquePrefix } from './redis-test-kit.js';
import type { ConnectRedisCapacityStoreOptions } from '../../src/routing/connect-redis-capacity-store.js';

const prefixes: string[] = [];
const stores: RedisCapacityStore[] = [];
after(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await Promise.all(prefixes.map((prefix) => deleteKeys(prefix)));
});

function deploymentWith(capacity: { maxConcurrent?: number; requestsPerMinute?: number }): Deployment {
  return buildCatalog({ regions: [['r1', 0, 0]], deployments: [{ model: NOVA, region: 'r1', ...capacity }] }).deployments[0];
}

/** Two (or more) replicas on one fresh prefix. */
async function replicas(count: number, options: Partial<ConnectRedisCapacityStoreOptions> = {}): Promise<RedisCapacityStore[]> {
  const prefix = uniquePrefix('replicas');
  prefixes.push(prefix);
  const opened = await Promise.all(Array.from({ length: count }, () => connectTestStore(prefix, options)));
  stores.push(...opened);
  return opened;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function eventuallyAcquire(store: RedisCapacityStore, deployment: Deployment, withinMs: number): Promise<CapacityLease> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const lease = await store.tryAcquire(deployment, 1, Date.now());
    if (lease) return lease;
    if (Date.now() > deadline) throw new Error(`no slot within ${withinMs} ms`);
    await sleep(25);
  }
}

describe('RedisCapacityStore: replicas share one limit', () => {
  it('admits maxConcurrent in total across replicas, even when they race', async () => {
    const [a, b] = await replicas(2);
    const deployment = deploymentWith({ maxConcurrent: 4 });
    const now = Date.now();
    const attempts = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a : b).tryAcquire(deployment, 10, now)));
    const leases = attempts.filter((lease): lease is CapacityLease => lease !== null);
    assert.equal(leases.length, 4, 'four slots in total, not four per replica');
    assert.equal(await a.tryAcquire(deployment, 10, now), null);
    assert.equal(await b.tryAcquire(deployment, 10, now), null);
    assert.equal((await b.snapshot(deployment, now)).inFlight, 4);
    // A release is fire and forget on A's connection, so B's next call may reach Redis first (on a fresh server the
    // release also needs a second round trip to load its script). B learns of it from the message the release script
    // publishes after it has freed the slot; from then on the slot is free for B.
    const told = b.waitForCapacity(5_000, new AbortController().signal);
    const started = Date.now();
    leases[0].release(5);
    await told;
    assert.ok(Date.now() - started < 5_000, 'B is told of the release, not woken by the timeout');
    assert.ok(await b.tryAcquire(deployment, 10, now), 'a release on either replica frees a slot for both');
  });

  it('never has more than maxConcurrent in flight under a random load over three replicas', async () => {
    const group = await replicas(3);
    const deployment = deploymentWith({ maxConcurrent: 5 });
    let inFlight = 0;
    let peak = 0;
    let served = 0;
    const worker = async (store: RedisCapacityStore, seed: number): Promise<void> => {
      for (let i = 0; i < 15; i++) {
        const lease = await store.tryAcquire(deployment, 1, Date.now());
        if (lease === null) {
          await store.waitForCapacity(50, new AbortController().signal);
          continue;
        }
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        served += 1;
        await sleep(((seed * 7 + i * 13) % 11) + 1);
        inFlight -= 1;
        lease.release(1);
      }
    };
    await Promise.all(Array.from({ length: 12 }, (_, i) => worker(group[i % 3], i)));
    assert.ok(peak <= 5, `peak in flight ${peak}`);
    assert.ok(served > 5, `work was done (${served})`);
  });

  it('shares the requests-per-minute window', async () => {
    const [a, b] = await replicas(2);
    const deployment = deploymentWith({ requestsPerMinute: 3 });
    const now = Date.now();
    (await a.tryAcquire(deployment, 1, now))?.release(1);
    (await b.tryAcquire(deployment, 1, now))?.release(1);
    (await a.tryAcquire(deployment, 1, now))?.release(1);
    assert.equal(await b.tryAcquire(deployment, 1, now), null);
    assert.equal((await b.snapshot(deployment, now)).requestsLastMinute, 3);
  });

  it('sees a 429 recorded by another replica on its very next call', async () => {
    const [a, b] = await replicas(2);
    const deployment = deploymentWith({ maxConcurrent: 8 });
    const now = Date.now();
    await a.record(deployment, { kind: 'throttled', retryAfterMs: 5_000 }, now);
    assert.equal(await b.tryAcquire(deployment, 1, now + 1), null, 'cooled down on replica B at once');
    const snapshot = await b.snapshot(deployment, now + 1);
    assert.equal(snapshot.throttledUntil, now + 5_000);
    assert.equal(snapshot.learnedMaxConcurrent, 4);
    assert.equal(snapshot.breaker, 'closed');
    assert.ok(await b.tryAcquire(deployment, 1, now + 5_000), 'and free again after the Retry-After');
  });

  it('shares the breaker: failures add up over replicas, and only one half-open probe goes in total', async () => {
    const [a, b] = await replicas(2, { breaker: { failureThreshold: 3, openMs: 10_000 } });
    const deployment = deploymentWith({});
    const now = Date.now();
    await a.record(deployment, { kind: 'failure' }, now);
    await b.record(deployment, { kind: 'failure' }, now);
    await a.record(deployment, { kind: 'failure' }, now);
    assert.equal((await b.snapshot(deployment, now)).breaker, 'open');
    assert.equal(await b.tryAcquire(deployment, 1, now), null);
    const later = now + 10_000;
    const probes = (await Promise.all([a, b, a, b].map((store) => store.tryAcquire(deployment, 1, later)))).filter(Boolean);
    assert.equal(probes.length, 1, 'one probe across both replicas');
    await b.record(deployment, { kind: 'success', latencyMs: 40 }, later);
    probes[0]?.release(1);
    assert.equal((await a.snapshot(deployment, later)).breaker, 'closed');
  });

  it('wakes a waiter on replica B when replica A releases', async () => {
    const [a, b] = await replicas(2);
    const deployment = deploymentWith({ maxConcurrent: 1 });
    const lease = await a.tryAcquire(deployment, 1, Date.now());
    assert.ok(lease);
    const started = Date.now();
    let woken = false;
    const wait = b.waitForCapacity(10_000, new AbortController().signal).then(() => (woken = true));
    await sleep(50);
    assert.equal(woken, false, 'B waits while the slot is held');
    lease.release(1);
    await wait;
    assert.ok(Date.now() - started < 2_000, 'woken by the release, not by the 10 s timeout');
    assert.ok(await b.tryAcquire(deployment, 1, Date.now()));
  });

  it('frees the slots of a replica that died once its leases expire', async () => {
    const [a, b] = await replicas(2, { leaseTtlMs: 300, leaseRefreshMs: 100 });
    const deployment = deploymentWith({ maxConcurrent: 2 });
    assert.ok(await a.tryAcquire(deployment, 1, Date.now()));
    assert.ok(await a.tryAcquire(deployment, 1, Date.now()));
    await a.close(); // "dies": no release, no more heartbeats
    assert.equal(await b.tryAcquire(deployment, 1, Date.now()), null, 'the leases still hold right after');
    const started = Date.now();
    await eventuallyAcquire(b, deployment, 2_000);
    assert.ok(Date.now() - started >= 150, 'not before the lease TTL');
  });

  it('frees the half-open probe of a replica that died', async () => {
    const [a, b] = await replicas(2, { leaseTtlMs: 300, leaseRefreshMs: 100, breaker: { failureThreshold: 1, openMs: 100 } });
    const deployment = deploymentWith({});
    await a.record(deployment, { kind: 'failure' }, Date.now());
    await sleep(120);
    assert.ok(await a.tryAcquire(deployment, 1, Date.now()), 'A takes the probe');
    assert.equal(await b.tryAcquire(deployment, 1, Date.now()), null, 'one probe at a time');
    await a.close();
    await eventuallyAcquire(b, deployment, 2_000);
  });

  it('keeps the lease of a long request alive with the heartbeat', async () => {
    const [a, b] = await replicas(2, { leaseTtlMs: 300, leaseRefreshMs: 100 });
    const deployment = deploymentWith({ maxConcurrent: 1 });
    const lease = await a.tryAcquire(deployment, 1, Date.now());
    assert.ok(lease);
    assert.equal(a.heldLeases, 1);
    await sleep(900);
    assert.equal(await b.tryAcquire(deployment, 1, Date.now()), null, 'still held after three TTLs');
    lease.release(1);
    assert.equal(a.heldLeases, 0, 'the heartbeat forgets a released lease');
    await eventuallyAcquire(b, deployment, 1_000);
  });
});
