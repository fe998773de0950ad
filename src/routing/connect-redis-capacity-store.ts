/**
 * Opens the two Redis connections of a RedisCapacityStore (scripts with auto-pipelining, and a subscriber), loads
 * the scripts and subscribes, or fails at once with one clear line: a gateway configured for shared limits never
 * starts without them.
 */
import type { Redis } from 'ioredis';
import { loadCapacityScripts } from './redis-capacity-scripts.js';
import { RedisCapacityStore, type RedisCapacityStoreOptions } from './redis-capacity-store.js';

export type ConnectRedisCapacityStoreOptions = Omit<RedisCapacityStoreOptions, 'commands' | 'subscriber' | 'ownsConnections'> & {
  /** `redis://[user:password@]host:port[/db]` or `rediss://...`. */
  url: string;
  /** Longest wait for a connection, and for any one command once running (default 2 000 ms). */
  timeoutMs?: number;
};

export async function connectRedisCapacityStore(options: ConnectRedisCapacityStoreOptions): Promise<RedisCapacityStore> {
  const { url, timeoutMs = 2_000, ...storeOptions } = options;
  const onError = storeOptions.onError ?? (() => undefined);
  const commands = await openConnection(url, timeoutMs, onError, true);
  let subscriber: Redis | undefined;
  try {
    subscriber = await openConnection(url, timeoutMs, onError, false);
    await loadCapacityScripts(commands);
    const store = new RedisCapacityStore({ ...storeOptions, commands, subscriber, ownsConnections: true });
    await store.start();
    return store;
  } catch (error) {
    commands.disconnect();
    subscriber?.disconnect();
    throw error;
  }
}

async function openConnection(url: string, timeoutMs: number, onError: (error: unknown, context: string) => void, pipelined: boolean): Promise<Redis> {
  // Loaded only when a Redis store is configured: the single-replica gateway never loads the client.
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, {
    lazyConnect: true,
    enableAutoPipelining: pipelined,
    connectTimeout: timeoutMs,
    // A command waits for at most one reconnection, then fails: requests are refused, not left hanging.
    maxRetriesPerRequest: 1,
    // Reconnect attempts back off to at most 500 ms apart, so every replica is back within the store's
    // reconnectSettleMs (1 500 ms) of Redis returning, and reasserts its leases in time.
    retryStrategy: (times: number) => Math.min(times * 50, 500),
    ...(pipelined ? { commandTimeout: timeoutMs } : {}),
  });
  let lastError: unknown;
  let connected = false;
  redis.on('error', (error: unknown) => {
    lastError = error;
    if (connected) onError(error, 'redis connection');
  });
  try {
    await redis.connect();
    connected = true;
    return redis;
  } catch (error) {
    redis.disconnect();
    const reason = lastError instanceof Error ? lastError.message : error instanceof Error ? error.message : String(error);
    throw new Error(`cannot reach Redis for the shared capacity store at ${redactUrl(url)}: ${reason}`, { cause: lastError ?? error });
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an invalid URL)';
  }
}
