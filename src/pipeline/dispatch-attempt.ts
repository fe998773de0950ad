/**
 * One attempt at one deployment: the body as it came, with only the model substituted (the fast path), or the
 * canonical request through the provider's `generate` / `stream`. Resolves once the upstream answered with a
 * success status; rejects with an `UpstreamFailure` so the dispatcher can decide whether to fail over.
 */
import type { Deployment } from '../catalog/catalog-types.js';
import type { NativeResponse, ProviderGenerateResponse, ProviderStreamResponse } from '../inference/inference-provider-contract.js';
import { UpstreamFailure } from '../providers/upstream-contract.js';
import { withoutSettings } from '../capabilities/drop-allowed-settings.js';
import type { DeploymentRoutes } from './plan-deployment-routes.js';
import type { PipelineServices } from './pipeline-services.js';
import type { RequestContext } from './request-context.js';
import type { StopSignal } from '../inference/stop-signal.js';

export type AttemptAnswer =
  | { kind: 'native'; response: NativeResponse }
  | { kind: 'generated'; response: ProviderGenerateResponse }
  | { kind: 'streamed'; response: ProviderStreamResponse };

export function isStreamAnswer(answer: AttemptAnswer): boolean {
  return answer.kind === 'streamed' || (answer.kind === 'native' && answer.response.kind === 'stream');
}

export async function dispatchAttempt(
  services: PipelineServices,
  context: RequestContext,
  routes: DeploymentRoutes,
  target: Deployment,
  signal: StopSignal,
  abortAttempt?: (reason: Error) => void,
): Promise<AttemptAnswer> {
  const { call } = context;
  const traced = context.observation?.startAttempt(target, context.attempts.length + 1);
  try {
    const provider = services.providerFor(target.id);
    const route = routes.routeOf(target);
    const options = { signal, abortAttempt, requestId: context.requestId, traceHeaders: traced?.headers };
    let answer: AttemptAnswer;
    if (route?.kind === 'native' && provider.native !== undefined) {
      const native = { ...call.wire, stream: call.stream, serviceTier: call.serviceTier, wireOptions: call.wireOptions, ...options };
      answer = { kind: 'native', response: await provider.native.send(native) };
    } else if (route?.kind === 'converted' && call.canonical !== undefined) {
      const request = withoutSettings(call.canonical().request, route.dropped);
      answer = call.stream
        ? { kind: 'streamed', response: await provider.stream(request, options) }
        : { kind: 'generated', response: await provider.generate(request, options) };
    } else {
      throw new UpstreamFailure('rejected', `${target.id} cannot serve ${call.wire.format}`);
    }
    traced?.end();
    return answer;
  } catch (error) {
    traced?.end(error);
    throw error;
  }
}
