/**
 * The provider registry: one entry per provider kind, the only list of them. The config's provider names and their
 * configuration rules are derived from it (src/config/load-config.ts), and so is whether a kind's deployments inherit
 * the model's native InvokeModel body family. Factories load lazily, so reading the config (`config validate`)
 * does not load the upstream clients. A new provider is a folder under src/providers/ and one entry here.
 */
import type { DelegationDetector } from '../catalog/delegated-upstream-model.js';
import type { ProviderConfigRules } from '../config/validate-config-references.js';
import { azureDelegationOf } from './azure-openai/azure-processing-set.js';
import { bedrockDelegationDetector } from './bedrock/bedrock-cross-region-model-ids.js';
import { vertexDelegationOf } from './vertex-gemini/vertex-processing-set.js';
import type { InferenceProviderFactory } from '../inference/inference-provider-contract.js';

export interface ProviderKind {
  readonly kind: string;
  /**
   * What the configuration check applies to its deployments: whether they need `endpoint` (`sim` starts its own,
   * `bedrock` defaults to the regional AWS endpoint), the section of their own (`azure:`), `wireFormats`.
   */
  readonly config: ProviderConfigRules;
  /** Deployments take the model's `nativeFormat` unless they set their own (an OpenAI-compatible upstream has none). */
  readonly inheritsNativeFormat: boolean;
  /** For kinds whose upstream can route on its own: which deployments do (pure; read by the configuration check). */
  readonly delegationOf?: DelegationDetector;
  load(): Promise<InferenceProviderFactory>;
}

export const PROVIDER_KINDS: readonly ProviderKind[] = [
  {
    kind: 'openai-compatible',
    config: { endpoint: 'required', takesWireFormats: true },
    inheritsNativeFormat: false,
    load: async () => (await import('./openai-compatible/openai-compatible-provider.js')).openAiCompatibleProviderFactory,
  },
  { kind: 'bedrock', config: { endpoint: 'optional', takesWireFormats: false }, inheritsNativeFormat: true, delegationOf: bedrockDelegationDetector, load: async () => (await import('./bedrock/bedrock-provider.js')).bedrockProviderFactory },
  { kind: 'anthropic', config: { endpoint: 'optional', takesWireFormats: false }, inheritsNativeFormat: true, load: async () => (await import('./anthropic/anthropic-provider.js')).anthropicProviderFactory },
  {
    kind: 'azure-openai',
    config: { endpoint: 'required', section: { key: 'azure', required: false }, takesWireFormats: false },
    inheritsNativeFormat: false,
    delegationOf: azureDelegationOf,
    load: async () => (await import('./azure-openai/azure-openai-provider.js')).azureOpenAiProviderFactory,
  },
  {
    kind: 'vertex-gemini',
    config: { endpoint: 'optional', section: { key: 'vertex', required: true, what: 'project and location' }, takesWireFormats: false },
    inheritsNativeFormat: false,
    delegationOf: vertexDelegationOf,
    load: async () => (await import('./vertex-gemini/vertex-gemini-provider.js')).vertexGeminiProviderFactory,
  },
  { kind: 'sim', config: { endpoint: 'forbidden', section: { key: 'sim', required: false }, takesWireFormats: true }, inheritsNativeFormat: true, load: async () => (await import('./sim/sim-provider.js')).simProviderFactory },
];

export function providerKind(kind: string): ProviderKind | undefined {
  return PROVIDER_KINDS.find((entry) => entry.kind === kind);
}
