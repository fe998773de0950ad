/**
 * Provider kinds by name. A new provider is a folder under src/upstreams and one entry here; the core never
 * switches on a provider kind.
 */
import type { Deployment } from '../catalog/catalog-types.js';
import '../pipeline/bridges/register-format-bridges.js';
import { anthropicUpstreamFactory } from '../providers/anthropic/anthropic-upstream.js';
import { bedrockUpstreamFactory } from './bedrock/bedrock-upstream.js';
import { openAiCompatibleUpstreamFactory } from './openai-compatible/openai-compatible-upstream.js';
import { simUpstreamFactory } from './sim/sim-upstream.js';
import type { UpstreamAdapter, UpstreamFactory, UpstreamFactoryContext } from './upstream-contract.js';

const factories = new Map<string, UpstreamFactory>();

export function registerUpstreamFactory(factory: UpstreamFactory): void {
  factories.set(factory.kind, factory);
}

registerUpstreamFactory(openAiCompatibleUpstreamFactory);
registerUpstreamFactory(bedrockUpstreamFactory);
registerUpstreamFactory(simUpstreamFactory);
registerUpstreamFactory(anthropicUpstreamFactory);

/** Creates one adapter per deployment (starting in-process simulators for `sim`); closes what it made on failure. */
export async function createUpstreams(deployments: readonly Deployment[], env: NodeJS.ProcessEnv = process.env): Promise<Map<string, UpstreamAdapter>> {
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
