/**
 * Provider kind `sim`: starts an in-process region simulator on a loopback port and talks to it over HTTP like any
 * upstream, through the providers of the protocols it speaks (OpenAI chat completions, the Bedrock Runtime API, and
 * for a Claude deployment the Anthropic Messages API). No request ever short-cuts the network path. The fast path
 * goes to the protocol that speaks the request's wire; a converted request to the first protocol that converts
 * (OpenAI chat), whose capabilities are therefore this deployment's.
 */
import { startRegionSimulator, type RunningSimulator } from '../../../sim/index.js';
import { isEmbeddingNativeFormat, type Deployment, type Model } from '../../catalog/catalog-types.js';
import type { EmbeddingProvider } from '../../inference/inference-embedding-provider-contract.js';
import type { DeploymentCapabilities } from '../../inference/deployment-capabilities.js';
import type {
  InferenceProvider,
  InferenceProviderFactory,
  NativePassThrough,
  ProviderCallOptions,
  ProviderGenerateResponse,
  ProviderStreamResponse,
} from '../../inference/inference-provider-contract.js';
import type { InferenceRequest } from '../../inference/inference-request.js';
import type { WireFormat } from '../../inference/wire-format.js';
import { UpstreamFailure } from '../upstream-contract.js';

/**
 * Protocols the simulator serves: the provider kind that speaks it, the path prefix it lives under, and the
 * formats sent through it (the Anthropic Messages API only for a Claude deployment, `nativeFormat: anthropic`).
 */
const SIMULATOR_PROTOCOLS: ReadonlyArray<{
  kind: string;
  pathPrefix: string;
  formats: readonly WireFormat[];
  when?: (d: Deployment) => boolean;
  /** Embeddings go through this protocol for such a deployment: Bedrock's body of the model's family, else OpenAI's. */
  embeds: (d: Deployment) => boolean;
}> = [
  // The Responses API only for a deployment that declares it (`wireFormats`): the openai-compatible provider then speaks it.
  { kind: 'openai-compatible', pathPrefix: '/v1', formats: ['openai-chat', 'openai-responses'], embeds: (d) => !isEmbeddingNativeFormat(d.nativeFormat) },
  { kind: 'bedrock', pathPrefix: '', formats: ['bedrock-converse', 'bedrock-invoke'], embeds: (d) => isEmbeddingNativeFormat(d.nativeFormat) },
  { kind: 'anthropic', pathPrefix: '', formats: ['anthropic-messages'], when: (d) => d.nativeFormat === 'anthropic', embeds: () => false },
];

interface SimDelegate {
  provider: InferenceProvider;
  formats: readonly WireFormat[];
  /** Whether this deployment's embeddings go through this delegate. */
  embeds: boolean;
}

function nativeDelegate(delegates: readonly SimDelegate[], format: WireFormat, model: Model | undefined): SimDelegate | undefined {
  return delegates.find((d) => d.formats.includes(format) && (d.provider.native?.accepts?.(format, model) ?? true));
}

export class SimProvider implements InferenceProvider {
  readonly specificationVersion = 'georoute-inference-v1' as const;
  readonly native: NativePassThrough;
  readonly capabilities: DeploymentCapabilities;
  readonly embeddings?: EmbeddingProvider;
  private readonly converting: InferenceProvider | undefined;

  constructor(
    readonly deployment: Deployment,
    readonly simulator: RunningSimulator,
    private readonly delegates: readonly SimDelegate[],
  ) {
    this.converting = delegates.find((d) => d.provider.nativeOnly !== true)?.provider;
    this.capabilities = this.converting?.capabilities ?? { honours: new Set() };
    this.embeddings = delegates.find((d) => d.embeds && d.provider.embeddings !== undefined)?.provider.embeddings;
    this.native = {
      formats: [...new Set(delegates.flatMap((d) => d.formats))],
      accepts: (format, model) => nativeDelegate(delegates, format, model) !== undefined,
      takesWireOptions: (format) => delegates.find((d) => d.formats.includes(format))?.provider.native?.takesWireOptions?.(format) ?? false,
      send: (request) => {
        const delegate = delegates.find((d) => d.formats.includes(request.format));
        if (!delegate?.provider.native) return Promise.reject(new UpstreamFailure('rejected', `${deployment.id} does not speak ${request.format}`));
        return delegate.provider.native.send(request);
      },
    };
  }

  get nativeOnly(): boolean {
    return this.converting === undefined;
  }

  private converter(): InferenceProvider {
    if (this.converting === undefined) throw new UpstreamFailure('rejected', `${this.deployment.id} serves only its native formats`);
    return this.converting;
  }

  generate(request: InferenceRequest, options: ProviderCallOptions): Promise<ProviderGenerateResponse> {
    return this.converter().generate(request, options);
  }

  stream(request: InferenceRequest, options: ProviderCallOptions): Promise<ProviderStreamResponse> {
    return this.converter().stream(request, options);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.delegates.map((d) => d.provider.close()));
    await this.simulator.close();
  }
}

/** A `sim` deployment without a `sim:` section: a model that answers at a believable pace. */
const DEFAULT_PACE = { timeToFirstTokenMs: 150, tokensPerSecond: 60 };

export const simProviderFactory: InferenceProviderFactory = {
  kind: 'sim',
  async create(deployment, context) {
    const settings = deployment.sim;
    const simulator = await startRegionSimulator({
      regionId: deployment.regionId,
      host: '127.0.0.1',
      port: 0,
      timeToFirstTokenMs: settings?.timeToFirstTokenMs ?? DEFAULT_PACE.timeToFirstTokenMs,
      tokensPerSecond: settings?.tokensPerSecond ?? DEFAULT_PACE.tokensPerSecond,
      maxConcurrent: settings?.maxConcurrent ?? deployment.capacity.maxConcurrent,
      requestsPerMinute: settings?.requestsPerMinute ?? deployment.capacity.requestsPerMinute,
      tokensPerMinute: settings?.tokensPerMinute ?? deployment.capacity.tokensPerMinute,
    });
    const delegates: SimDelegate[] = [];
    try {
      for (const protocol of SIMULATOR_PROTOCOLS) {
        const factory = context.factoryFor(protocol.kind);
        if (!factory || (protocol.when !== undefined && !protocol.when(deployment))) continue;
        const target: Deployment = { ...deployment, provider: protocol.kind, endpoint: `${simulator.url}${protocol.pathPrefix}`, tls: undefined };
        const provider = await factory.create(target, context);
        const spoken = provider.native?.formats ?? [];
        delegates.push({ provider, formats: protocol.formats.filter((format) => spoken.includes(format)), embeds: protocol.embeds(deployment) });
      }
    } catch (error) {
      await Promise.allSettled(delegates.map((d) => d.provider.close()));
      await simulator.close();
      throw error;
    }
    return new SimProvider(deployment, simulator, delegates);
  },
};
