/**
 * The provider registry: one entry per provider kind, the only list of them. The config's provider names and their
 * endpoint rules are derived from it (src/config/load-config.ts), and so is whether a kind's deployments inherit
 * the model's native InvokeModel body family. Factories load lazily, so reading the config (`config validate`)
 * does not load the upstream clients. A new provider is a folder under src/providers/ and one entry here.
 */
import type { EndpointRule } from '../config/validate-config-references.js';
import type { InferenceProviderFactory } from '../inference/inference-provider-contract.js';

export interface ProviderKind {
  readonly kind: string;
  /** Whether a deployment needs `endpoint`: `sim` starts its own, `bedrock` defaults to the regional AWS endpoint. */
  readonly endpointRule: EndpointRule;
  /** Deployments take the model's `nativeFormat` unless they set their own (an OpenAI-compatible upstream has none). */
  readonly inheritsNativeFormat: boolean;
  load(): Promise<InferenceProviderFactory>;
}

export const PROVIDER_KINDS: readonly ProviderKind[] = [
  {
    kind: 'openai-compatible',
    endpointRule: 'required',
    inheritsNativeFormat: false,
    load: async () => (await import('./openai-compatible/openai-compatible-provider.js')).openAiCompatibleProviderFactory,
  },
    { kind: 'bedrock', endpointRule: 'optional', inheritsNativeFormat: true, load: async () => (await import('./bedrock/bedrock-provider.js')).bedrockProviderFactory },
  // anthropic still implements the older UpstreamAdapter: seen through the transitional wrapper.
  {
    kind: 'anthropic',
    endpointRule: 'optional',
    inheritsNativeFormat: true,
    load: async () => (await import('./legacy-upstream-provider.js')).legacyProviderFactory((await import('./anthropic/anthropic-upstream.js')).anthropicUpstreamFactory),
  },
  { kind: 'sim', endpointRule: 'forbidden', inheritsNativeFormat: true, load: async () => (await import('./sim/sim-provider.js')).simProviderFactory },
];

export function providerKind(kind: string): ProviderKind | undefined {
  return PROVIDER_KINDS.find((entry) => entry.kind === kind);
}
