/**
 * The capacity a dispatched request holds on its deployment, owned by the request: `complete(usage)` gives it back
 * with the real token count (and, for a stream, tells the breaker it ended cleanly); `fail()` gives it back and
 * counts a failure (a stream the upstream cut); `throttled()` gives it back as back-pressure (a stream the upstream
 * broke off with a throttle: it lowers the learned limit and does not trip the breaker). The pipeline never touches
 * the capacity store itself. Each is effective once; later calls do nothing.
 */
import type { Deployment } from '../catalog/catalog-types.js';
import type { TokenUsage } from '../providers/upstream-contract.js';
import type { CapacityLease, CapacityStore } from '../routing/routing-contract.js';

function tokensOf(usage: TokenUsage | undefined): number | undefined {
  return usage === undefined ? undefined : usage.inputTokens + usage.outputTokens;
}

export class DeploymentLease {
  private settled = false;

  constructor(
    private readonly lease: CapacityLease,
    private readonly deployment: Deployment,
    private readonly capacity: CapacityStore,
    private readonly streaming: boolean,
  ) {}

  async complete(usage: TokenUsage | undefined): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    this.lease.release(tokensOf(usage));
    if (this.streaming) await this.capacity.record(this.deployment, { kind: 'stream-completed' }, Date.now());
  }

  async fail(usage: TokenUsage | undefined): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    this.lease.release(tokensOf(usage));
    await this.capacity.record(this.deployment, { kind: 'failure' }, Date.now());
  }

  async throttled(usage: TokenUsage | undefined): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    this.lease.release(tokensOf(usage));
    await this.capacity.record(this.deployment, { kind: 'throttled' }, Date.now());
  }

  /** Gives the slot back without a verdict (the client went away); a safety net after the others. */
  release(usage: TokenUsage | undefined): void {
    if (this.settled) return;
    this.settled = true;
    this.lease.release(tokensOf(usage));
  }
}
