/**
 * A Redis restart (no persistence: every key gone) does not let the replicas admit above the shared limit: each
 * replica reasserts the leases of its requests still running as soon as it is back, and admits nothing until
 * every replica had time to do the same. Uses a private redis-server, killed and restarted by its pid.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectRedisCapacityStore } from '../../src/routing/connect-redis-capacity-store.js';
import type { RedisCapacityStore } from '../../src/routing/redis-capacity-store.js';
import type { CapacityLease } from '../../src/routing/routing-contract.js';
import { startPrivateRedisServer, type PrivateRedisServer } from '../support/private-redis-server.js';
import { NOVA, buildCatalog } from './routing-test-kit.js';

const deployment = buildCatalog({ regions: [['r1', 0, 0]], deployments: [{ model: NOVA, region: 'r1', maxConcurrent: 4 }] }).deployments[0];

async function until(what: string, check: () => Promise<boolean>, withinMs = 10_000): Promise<void> {
  const giveUpAt = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Redis restarted under held leases', () => {
  let redis: PrivateRedisServer;
  let a: RedisCapacityStore;
  let b: RedisCapacityStore;
  before(async () => {
    redis = await startPrivateRedisServer();
    const options = { url: redis.url, keyPrefix: 'restart:', breaker: { failureThreshold: 3, openMs: 10_000 }, timeoutMs: 500 };
    [a, b] = await Promise.all([connectRedisCapacityStore(options), connectRedisCapacityStore(options)]);
  });
  after(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    await redis?.close();
  });

  it('keeps the shared limit: the leases in flight are reasserted and nothing is admitted above it', async () => {
    const held: CapacityLease[] = [];
    for (const store of [a, b, a, b]) {
      const lease = await store.tryAcquire(deployment, 1, Date.now());
      assert.ok(lease);
      held.push(lease);
    }
    assert.equal(await a.tryAcquire(deployment, 1, Date.now()), null, 'full before the restart');

    await redis.restart(); // SIGKILL, then a fresh, empty server on the same port
    await until('both replicas back and settled', async () => (await a.checkHealth()).ready && (await b.checkHealth()).ready);

    const admitted = (await Promise.all([a, b, a, b].map((store) => store.tryAcquire(deployment, 1, Date.now())))).filter((l) => l !== null);
    assert.equal(admitted.length, 0, 'the four requests still running hold all four slots');
    assert.equal((await a.snapshot(deployment, Date.now())).inFlight, 4, 'their leases are back in Redis');

    held[0].release(1);
    await until('the released slot to be free', async () => (await a.snapshot(deployment, Date.now())).inFlight === 3);
    const next = await b.tryAcquire(deployment, 1, Date.now());
    assert.ok(next, 'a release frees a slot as before');
    assert.equal(await a.tryAcquire(deployment, 1, Date.now()), null);
    for (const lease of [...held.slice(1), next]) lease.release(1);
  });

  it('is not ready while it settles after Redis lost its data', async () => {
    await redis.restart();
    await until('a reconnect to be noticed', async () => {
      const health = await a.checkHealth();
      return !health.ready && health.detail === 'reasserting leases after Redis lost its data';
    });
    await until('ready again', async () => (await a.checkHealth()).ready);
  });
});
