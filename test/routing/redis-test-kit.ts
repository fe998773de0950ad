/**
 * Redis for the shared capacity store tests: a store per "replica" on a key prefix of the test's own, and cleanup
 * of that prefix. Redis must be running (CI starts it; GEOROUTE_TEST_REDIS_URL overrides 127.0.0.1:6379): an
 * unreachable Redis fails the tests with a clear message rather than skipping them. Not a test file itself.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { connectRedisCapacityStore, type ConnectRedisCapacityStoreOptions } from '../../src/routing/connect-redis-capacity-store.js';
import type { RedisCapacityStore } from '../../src/routing/redis-capacity-store.js';

export const TEST_REDIS_URL = process.env.GEOROUTE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function uniquePrefix(name: string): string {
  return `georoute-test:${name}:${randomUUID().slice(0, 8)}:`;
}

export async function connectTestStore(keyPrefix: string, options: Partial<ConnectRedisCapacityStoreOptions> = {}): Promise<RedisCapacityStore> {
  try {
    return await connectRedisCapacityStore({ url: TEST_REDIS_URL, keyPrefix, breaker: { failureThreshold: 3, openMs: 10_000 }, ...options });
  } catch (error) {
    throw new Error(`These tests need Redis (start one, or set GEOROUTE_TEST_REDIS_URL): ${(error as Error).message}`, { cause: error });
  }
}

/**
 * A plain connection for inspecting and cleaning keys. ioredis is imported here, not at the top, so that a test can
 * use this kit and still observe whether the gateway itself loaded the client (optional-clients-load-lazily.test.ts).
 */
async function connectAdmin(): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  await redis.connect().catch((error: unknown) => {
    redis.disconnect();
    throw error;
  });
  return redis;
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = await connectAdmin();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Keys under `prefix`, each with its remaining time to live in ms (-1: none). */
export async function keysUnder(prefix: string): Promise<Map<string, number>> {
  const redis = await connectAdmin();
  try {
    const keys = await redis.keys(`${prefix}*`);
    const ttls = await Promise.all(keys.map((key) => redis.pttl(key)));
    return new Map(keys.map((key, i) => [key, ttls[i]]));
  } finally {
    redis.disconnect();
  }
}
