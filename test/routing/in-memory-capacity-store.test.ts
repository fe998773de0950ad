/**
 * The in-memory CapacityStore against the capacity-store contract (test/routing/capacity-store-contract-cases.ts):
 * concurrency and windows, learned limits, Retry-After, the breaker and its probe, waiting for capacity. The Redis
 * store runs the same cases in redis-capacity-store.test.ts.
 */
import { InMemoryCapacityStore } from '../../src/routing/in-memory-capacity-store.js';
import { describeCapacityStoreContract } from './capacity-store-contract-cases.js';

describeCapacityStoreContract('InMemoryCapacityStore', async (scheduleTimeout) => {
  const store = new InMemoryCapacityStore({ breaker: { failureThreshold: 3, openMs: 10_000 }, scheduleTimeout });
  return { store, close: async () => undefined };
});
