/**
 * The Redis CapacityStore behaves like the in-memory reference store, case by case (the same suite runs against
 * both), against a real Redis (CI starts one at 127.0.0.1:6379; GEOROUTE_TEST_REDIS_URL overrides it).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { connectRedisCapacityStore } from '../../src/routing/connect-redis-capacity-store.js';
import { LuaScript } from '../../src/routing/redis-capacity-scripts.js';
import { describeCapacityStoreContract } from './capacity-store-contract-cases.js';
import { ManualClock, NOVA, buildCatalog } from './routing-test-kit.js';
import { TEST_REDIS_URL, connectTestStore, deleteKeys, keysUnder, uniquePrefix } from './redis-test-kit.js';

const prefixes: string[] = [];
after(async () => {
  await Promise.all(prefixes.map((prefix) => deleteKeys(prefix)));
});

describeCapacityStoreContract('RedisCapacityStore', async (scheduleTimeout) => {
  const prefix = uniquePrefix('contract');
  prefixes.push(prefix);
  const store = await connectTestStore(prefix, { scheduleTimeout });
  return { store, close: () => store.close() };
});

describe('RedisCapacityStore: Redis specifics', () => {
  it('fails with a clear message, naming the URL without its password, when Redis is unreachable', async () => {
    await assert.rejects(
      connectRedisCapacityStore({ url: 'redis://user:secret@127.0.0.1:1', breaker: { failureThreshold: 3, openMs: 1_000 }, timeoutMs: 500 }),
      (error: Error) => {
        assert.match(error.message, /cannot reach Redis for the shared capacity store at redis:\/\/user:\*\*\*@127\.0\.0\.1:1/);
        assert.doesNotMatch(error.message, /secret/);
        return true;
      },
    );
  });

  it('answers 503 upstream_unavailable (fail closed) once its connection is gone', async () => {
    const prefix = uniquePrefix('closed');
    prefixes.push(prefix);
    const store = await connectTestStore(prefix);
    const deployment = buildCatalog({ regions: [['r1', 0, 0]], deployments: [{ model: NOVA, region: 'r1' }] }).deployments[0];
    await store.close();
    await assert.rejects(store.tryAcquire(deployment, 1, Date.now()), { code: 'upstream_unavailable' });
  });

  it('runs a script the server does not know yet (after a restart or SCRIPT FLUSH) with EVAL, then by SHA', async () => {
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const script = new LuaScript(`-- ${randomUUID()}\nreturn ARGV[1] .. KEYS[1]`);
      assert.deepEqual(await redis.script('EXISTS', script.sha), [0]);
      assert.equal(await script.run(redis, ['k'], ['v']), 'vk');
      assert.deepEqual(await redis.script('EXISTS', script.sha), [1], 'EVAL cached it');
      assert.equal(await script.run(redis, ['k2'], ['v']), 'vk2');
    } finally {
      redis.disconnect();
    }
  });

  it('keeps its keys under the prefix, with expiries, and one hash tag per deployment', async () => {
    const prefix = uniquePrefix('keys');
    prefixes.push(prefix);
    const store = await connectTestStore(prefix, { stateTtlMs: 60_000 });
    const deployment = buildCatalog({ regions: [['r1', 0, 0]], deployments: [{ model: NOVA, region: 'r1' }] }).deployments[0];
    try {
      const clock = new ManualClock(Date.now());
      const lease = await store.tryAcquire(deployment, 10, clock.now());
      assert.ok(lease);
      const keys = await keysUnder(prefix);
      assert.deepEqual([...keys.keys()].sort(), [...store.keysOf(deployment.id), store.generationKey].sort());
      for (const [key, ttl] of keys) {
        if (key !== store.generationKey) assert.ok(key.includes(`{${deployment.id}}`), key);
        assert.ok(ttl > 0 && ttl <= 120_000, `${key} expires (${ttl} ms)`);
      }
      lease.release(5);
      await store.snapshot(deployment, clock.now());
    } finally {
      await store.close();
    }
  });
});
