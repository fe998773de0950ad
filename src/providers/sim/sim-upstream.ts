/**
 * Provider kind `sim`: starts an in-process region simulator on a loopback port and talks to it over HTTP like any
 * upstream, through the adapters of the protocols it speaks (OpenAI chat completions, and the Bedrock Runtime API
 * when the `bedrock` provider is registered). No request ever short-cuts the network path.
 */
import { startRegionSimulator, type RunningSimulator } from '../../../sim/index.js';
import type { Deployment, Model } from '../../catalog/catalog-types.js';
import type { DeploymentCapabilities } from '../../inference/deployment-capabilities.js';
import type { UpstreamAdapter, UpstreamFactory, UpstreamRequest, UpstreamResponse, WireFormat } from '../upstream-contract.js';
import { UpstreamFailure } from '../upstream-contract.js';

/** Protocols the simulator serves: the provider kind that speaks it and the path prefix it lives under. */
const SIMULATOR_PROTOCOLS: ReadonlyArray<{ kind: string; pathPrefix: string }> = [
  { kind: 'openai-compatible', pathPrefix: '/v1' },
  { kind: 'bedrock', pathPrefix: '' },
];

export class SimUpstream implements UpstreamAdapter {
  readonly formats: readonly WireFormat[];
  /** A converted request goes to the delegate that speaks the target format: what any of them honours. */
  readonly capabilities: DeploymentCapabilities;

  constructor(
    readonly deployment: Deployment,
    readonly simulator: RunningSimulator,
    private readonly delegates: readonly UpstreamAdapter[],
  ) {
    this.formats = [...new Set(delegates.flatMap((d) => d.formats))];
    this.capabilities = { honours: new Set(delegates.flatMap((d) => [...d.capabilities.honours])) };
  }

  speaksNatively(format: WireFormat, model: Model | undefined): boolean {
    return this.delegates.some((d) => d.speaksNatively(format, model));
  }

  send(request: UpstreamRequest): Promise<UpstreamResponse> {
    const delegate = this.delegates.find((d) => d.formats.includes(request.format));
    if (!delegate) return Promise.reject(new UpstreamFailure('rejected', `${this.deployment.id} does not speak ${request.format}`));
    return delegate.send(request);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.delegates.map((d) => d.close()));
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
    const delegates: UpstreamAdapter[] = [];
    for (const protocol of SIMULATOR_PROTOCOLS) {
      const factory = context.factoryFor(protocol.kind);
      if (!factory) continue;
      const target: Deployment = { ...deployment, provider: protocol.kind, endpoint: `${simulator.url}${protocol.pathPrefix}`, tls: undefined };
      delegates.push(await factory.create(target, context));
    }
    return new SimUpstream(deployment, simulator, delegates);
  },
};
