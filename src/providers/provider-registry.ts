/**
 * Creates the provider of each deployment from the provider registry (provider-kinds.ts); the core never switches
 * on a provider kind.
 */
import type { Deployment } from '../catalog/catalog-types.js';
import type { InferenceProvider, InferenceProviderFactory, InferenceProviderFactoryContext } from '../inference/inference-provider-contract.js';
import { PROVIDER_KINDS } from './provider-kinds.js';

/** Creates one provider per deployment (starting in-process simulators for `sim`); closes what it made on failure. */
export async function createProviders(deployments: readonly Deployment[], env: NodeJS.ProcessEnv = process.env): Promise<Map<string, InferenceProvider>> {
  const factories = new Map<string, InferenceProviderFactory>((await Promise.all(PROVIDER_KINDS.map((entry) => entry.load()))).map((f) => [f.kind, f]));
  const context: InferenceProviderFactoryContext = { env, factoryFor: (kind) => factories.get(kind) };
  const providers = new Map<string, InferenceProvider>();
  try {
    await Promise.all(
      deployments.map(async (deployment) => {
        const factory = factories.get(deployment.provider);
        if (!factory) throw new Error(`deployment ${deployment.id}: unknown provider "${deployment.provider}"`);
        providers.set(deployment.id, await factory.create(deployment, context));
      }),
    );
  } catch (error) {
    await Promise.allSettled([...providers.values()].map((p) => p.close()));
    throw error;
  }
  return providers;
}
