/**
 * Session affinity every replica shares (with `routing.capacityStore.kind: redis`): the session's last
 * deployment under `<keyPrefix>session:<sha256 of the session key>` with the idle expiry as its TTL, so a session
 * that reaches another replica still goes to the deployment whose prompt cache is warm. Ids only, hashed; never
 * content. A Redis that does not answer within `timeoutMs` costs the suggestion, never the request.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { GeorouteConfig } from '../config/config-schema.js';
import { defaultSessionAffinityOptions, type SessionMemory } from './session-affinity.js';

export interface RedisSessionAffinity extends SessionMemory {
  close(): void;
}

export async function createRedisSessionAffinity(input: { url: string; keyPrefix: string; idleMs: number; timeoutMs?: number; onError: (error: unknown) => void }): Promise<RedisSessionAffinity> {
  // Loaded only when Redis is configured (see createSharedSessionMemory).
  const { Redis } = await import('ioredis');
  const redis: Redis = new Redis(input.url, { lazyConnect: false, maxRetriesPerRequest: 1, commandTimeout: input.timeoutMs ?? 500, enableAutoPipelining: true });
  redis.on('error', input.onError);
  const keyOf = (key: string) => `${input.keyPrefix}session:${createHash('sha256').update(key).digest('hex')}`;
  return {
    async lookup(key) {
      try {
        return (await redis.get(keyOf(key))) ?? undefined;
      } catch (error) {
        input.onError(error);
        return undefined;
      }
    },
    async remember(key, deploymentId) {
      try {
        await redis.set(keyOf(key), deploymentId, 'PX', input.idleMs);
      } catch (error) {
        input.onError(error);
      }
    },
    close: () => redis.disconnect(),
  };
}

/** Shared sessions when capacity is shared (Redis), else none (the router keeps its own in memory). */
export async function createSharedSessionMemory(routing: GeorouteConfig['routing'], env: NodeJS.ProcessEnv, onError: (error: unknown) => void): Promise<RedisSessionAffinity | undefined> {
  const settings = routing.capacityStore;
  if (settings.kind !== 'redis') return undefined;
  const url = env[settings.urlEnv];
  if (!url) return undefined;
  return createRedisSessionAffinity({ url, keyPrefix: settings.keyPrefix, idleMs: defaultSessionAffinityOptions.idleMs, onError });
}
