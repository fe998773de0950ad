/**
 * The one object a request's stages read and write once the surface has handed it over (as Hono's `Context`):
 * the call, the residency boundary, the attempts, the chosen deployment and its lease, usage and timings. The
 * outcome the account and audit stages consume is built from it alone (request-outcome-of.ts).
 */
import type { Deployment } from '../catalog/catalog-types.js';
import type { SurfaceRenderContext } from '../inference/inbound-surface-contract.js';
import type { RequestObservation } from '../observability/inference-observer.js';
import type { TokenUsage } from '../providers/upstream-contract.js';
import type { AttemptRecord } from '../routing/routing-contract.js';
import type { DeploymentLease } from './deployment-lease.js';
import type { InferenceCall } from './inference-call.js';
import type { RequestOutcome } from './request-outcome.js';
import { whereProcessed, type WhereProcessed } from './where-processed.js';

export class RequestContext {
  readonly requestId: string;
  /** Every region this request may run in; undefined when the boundary could not be computed (then dispatch fails). */
  boundary: readonly string[] | undefined;
  /** One record per attempt; the dispatcher appends, the stream-back stage marks the last one interrupted. */
  readonly attempts: AttemptRecord[] = [];
  deployment: Deployment | undefined;
  lease: DeploymentLease | undefined;
  /** Where a delegating upstream said it ran, if it said. */
  reportedRegionId: string | undefined;
  affinity: RequestOutcome['affinity'];
  usage: TokenUsage | undefined;
  /** Epoch ms of a stream's first output (time to first token). */
  firstOutputAt: number | undefined;
  /** The service tier the upstream says served the request, when it says. */
  servedServiceTier: string | undefined;

  constructor(
    readonly call: InferenceCall,
    /** Tracing of the request's stages; undefined when tracing is off. */
    readonly observation: RequestObservation | undefined,
  ) {
    this.requestId = call.exchange.requestId;
  }

  where(): WhereProcessed | undefined {
    return this.deployment && whereProcessed(this.deployment, this.reportedRegionId);
  }

  markLastAttemptInterrupted(): void {
    const last = this.attempts[this.attempts.length - 1];
    if (last) this.attempts[this.attempts.length - 1] = { ...last, outcome: 'interrupted' };
  }

  /** The routing headers every answer carries. */
  headers(): Record<string, string> {
    const where = this.where();
    const headers: Record<string, string> = {
      'x-request-id': this.requestId,
      'x-georoute-source-region': this.call.sourceRegionId,
      'x-georoute-profile': this.call.profile.id,
      'x-georoute-attempts': String(this.attempts.length),
    };
    if (where?.inferenceRegionId !== undefined) headers['x-georoute-inference-region'] = where.inferenceRegionId;
    if (where?.inferenceRegionCandidates !== undefined) headers['x-georoute-inference-region-candidates'] = where.inferenceRegionCandidates.join(',');
    return headers;
  }

  renderContext(): SurfaceRenderContext {
    const receivedAt = this.call.exchange.receivedAt;
    return {
      requestId: this.requestId,
      requestedModelId: this.call.requestedModelId,
      createdAt: Math.floor(receivedAt / 1000),
      latencyMs: () => Date.now() - receivedAt,
    };
  }
}
