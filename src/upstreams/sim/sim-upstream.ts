/**
 * Provider kind `sim`: starts an in-process region simulator on a loopback port and talks to it over HTTP like any
 * upstream, through the adapters of the protocols it speaks (OpenAI chat completions, and the Bedrock Runtime API
 * when the `bedrock` provider is registered). No request ever short-cuts the network path.
 */
import { startRegionSimulator, type RunningSimulator } from '../../../sim/index.js';
import type { Deployment } from '../../catalog/catalog-types.js';
import type { UpstreamAdapter, UpstreamFactory, UpstreamRequest, UpstreamResponse, WireFormat } from '../upstream-contract.js';
import { UpstreamFailure } from '../upstream-contract.js';

/**
 * Protocols the simulator serves: the provider kind that speaks it, the path prefix it lives under, and the
 * formats sent through it (the Anthropic Messages API only for a Claude deployment, `nativeFormat: anthropic`).
 */
const SIMULATOR_PROTOCOLS: ReadonlyArray<{ kind: string; pathPrefix: string; formats: readonly WireFormat[]; when?: (d: Deployment) => boolean }> = [
  { kind: 'openai-compatible', pathPrefix: '/v1', formats: ['openai-chat'] },
  { kind: 'bedrock', pathPrefix: '', formats: ['bedrock-converse', 'bedrock-invoke'] },
  { kind: 'anthropic', pathPrefix: '', formats: ['anthropic-messages'], when: (d) => d.nativeFormat === 'anthropic' },
];

interface SimDelegate {
  adapter: UpstreamAdapter;
  formats: readonly WireFormat[];
}

export class SimUpstream implements UpstreamAdapter {
  readonly formats: readonly WireFormat[];

  constructor(
    readonly deployment: Deployment,
    readonly simulator: RunningSimulator,
    private readonly delegates: readonly SimDelegate[],
  ) {
    this.formats = [...new Set(delegates.flatMap((d) => d.formats))];
  }

  send(request: UpstreamRequest): Promise<UpstreamResponse> {
    const delegate = this.delegates.find((d) => d.formats.includes(request.format));
    if (!delegate) return Promise.reject(new UpstreamFailure('rejected', `${this.deployment.id} does not speak ${request.format}`));
    return delegate.adapter.send(request);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.delegates.map((d) => d.adapter.close()));
    await this.simulator.close();
  }
}

export const simUpstreamFactory: UpstreamFactory = {
  kind: 'sim',
  async create(deployment, context) {
    const settings = deployment.sim;
    const simulator = await startRegionSimulator({
      regionId: deployment.regionId,
      host: '127.0.0.1',
      port: 0,
      timeToFirstTokenMs: settings?.timeToFirstTokenMs,
      tokensPerSecond: settings?.tokensPerSecond,
      maxConcurrent: settings?.maxConcurrent ?? deployment.capacity.maxConcurrent,
      requestsPerMinute: settings?.requestsPerMinute ?? deployment.capacity.requestsPerMinute,
      tokensPerMinute: settings?.tokensPerMinute ?? deployment.capacity.tokensPerMinute,
    });
    const delegates: SimDelegate[] = [];
    for (const protocol of SIMULATOR_PROTOCOLS) {
      const factory = context.factoryFor(protocol.kind);
      if (!factory || (protocol.when !== undefined && !protocol.when(deployment))) continue;
      const target: Deployment = { ...deployment, provider: protocol.kind, endpoint: `${simulator.url}${protocol.pathPrefix}`, tls: undefined };
      const adapter = await factory.create(target, context);
      delegates.push({ adapter, formats: protocol.formats.filter((format) => adapter.formats.includes(format)) });
    }
    return new SimUpstream(deployment, simulator, delegates);
  },
};
