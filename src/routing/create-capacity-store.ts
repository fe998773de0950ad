/**
 * The capacity store `routing.capacityStore` asks for: in this process (`memory`, the default) or in Redis shared
 * by every replica (`redis`), with what closes it on shutdown.
 */
import type { GeorouteConfig } from '../config/config-schema.js';
import { connectRedisCapacityStore } from './connect-redis-capacity-store.js';
import { createInMemoryCapacityStore } from './in-memory-capacity-store.js';
import type { CapacityStore } from './routing-contract.js';

export interface CapacityStoreHandle {
  store: CapacityStore;
  close(): Promise<void>;
}

export interface CreateCapacityStoreOptions {
  env: NodeJS.ProcessEnv;
  /** Background failures of a shared store (a release or heartbeat that did not reach Redis). */
  onError?: (error: unknown, context: string) => void;
}

export async function createCapacityStore(routing: GeorouteConfig['routing'], options: CreateCapacityStoreOptions): Promise<CapacityStoreHandle> {
  const settings = routing.capacityStore;
  if (settings.kind === 'memory') {
    return { store: createInMemoryCapacityStore({ breaker: routing.breaker }), close: async () => undefined };
  }
  const url = options.env[settings.urlEnv];
  if (url === undefined || url === '') {
    throw new Error(`routing.capacityStore.urlEnv: environment variable ${settings.urlEnv} is not set`);
  }
  const store = await connectRedisCapacityStore({ url, keyPrefix: settings.keyPrefix, breaker: routing.breaker, onError: options.onError });
  return { store, close: () => store.close() };
}
