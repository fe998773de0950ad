/**
 * Creates the upstream of each deployment from the provider registry (provider-kinds.ts); the core never switches
 * on a provider kind.
 */
import type { Deployment } from '../catalog/catalog-types.js';
import '../pipeline/bridges/register-format-bridges.js';
import { PROVIDER_KINDS } from './provider-kinds.js';
import type { UpstreamAdapter, UpstreamFactory, UpstreamFactoryContext } from './upstream-contract.js';

/** Creates one adapter per deployment (starting in-process simulators for `sim`); closes what it made on failure. */
export async function createUpstreams(deployments: readonly Deployment[], env: NodeJS.ProcessEnv = process.env): Promise<Map<string, UpstreamAdapter>> {
  const factories = new Map<string, UpstreamFactory>((await Promise.all(PROVIDER_KINDS.map((entry) => entry.load()))).map((f) => [f.kind, f]));
  const context: UpstreamFactoryContext = { env, factoryFor: (kind) => factories.get(kind) };
  const adapters = new Map<string, UpstreamAdapter>();
  try {
    await Promise.all(
      deployments.map(async (deployment) => {
        const factory = factories.get(deployment.provider);
        if (!factory) throw new Error(`deployment ${deployment.id}: unknown provider "${deployment.provider}"`);
        adapters.set(deployment.id, await factory.create(deployment, context));
      }),
    );
  } catch (error) {
    await Promise.allSettled([...adapters.values()].map((a) => a.close()));
    throw error;
  }
  return adapters;
}
