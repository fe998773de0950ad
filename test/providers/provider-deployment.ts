/** A catalog Deployment for provider tests that create a provider directly (no gateway, no config file). */
import type { Deployment } from '../../src/catalog/catalog-types.js';

export function testDeployment(overrides: Partial<Deployment> & Pick<Deployment, 'provider' | 'endpoint' | 'upstreamModel'>): Deployment {
  return {
    id: `${overrides.provider}@test`,
    modelId: 'test-model',
    regionId: 'eu-west-1',
    credentials: {},
    capacity: { maxConcurrent: 8, requestsPerMinute: 100_000, tokensPerMinute: 100_000_000 },
    timeouts: { connectMs: 2_000, firstByteMs: 20_000, idleMs: 20_000 },
    allowInsecure: false,
    processingRegionIds: [overrides.regionId ?? 'eu-west-1'],
    ...overrides,
  };
}
