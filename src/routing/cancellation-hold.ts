/**
 * A cancellation is not evidence of free capacity. When a request is stopped while its upstream is still working
 * on it (the client hung up, or the routing deadline passed), the gateway resets the upstream connection at once,
 * but the upstream frees its slot only once it notices: a model server when its generation loop next looks, a
 * provider perhaps when it would have finished. Releasing the lease at the hang-up let the next dispatch into a
 * slot the upstream still counted: a 429, and the learned limits fell (issue 9: 8 -> 2 concurrent after 400
 * clients that hung up after the first event).
 *
 * So the lease of a stopped request is held `holdMs` longer, and a 429 from a deployment on which this replica
 * holds such leases, or released one less than `holdMs` ago, is not taught to the learned limits or the
 * cool-down: the dispatcher still fails over or waits, but the limits stay what the upstream really allows.
 * The ledger is per replica: with a shared (Redis) store, another replica's cancellations are not known here.
 */
import type { StopSignal } from '../inference/stop-signal.js';
import type { CapacityLease } from './routing-contract.js';
import type { ScheduleTimeout } from './schedule-timeout.js';

interface DeploymentCancellations {
  held: number;
  /** When the last held lease was given back (epoch ms); 0 if none yet. */
  lastReleasedAt: number;
}

export class CancellationLedger {
  private readonly byDeployment = new Map<string, DeploymentCancellations>();

  constructor(
    private readonly holdMs: number,
    private readonly now: () => number,
    private readonly scheduleTimeout: ScheduleTimeout,
  ) {}

  /** The lease of an attempt sent upstream: a release once `stopped` has aborted is deferred by `holdMs`. */
  wrap(lease: CapacityLease, stopped: StopSignal): CapacityLease {
    if (this.holdMs <= 0) return lease;
    let released = false;
    return {
      deploymentId: lease.deploymentId,
      release: (actualTokens?: number) => {
        if (released) return;
        released = true;
        if (!stopped.aborted) return lease.release(actualTokens);
        this.hold(lease, actualTokens);
      },
    };
  }

  /** Could a 429 from this deployment be the echo of a request this replica cancelled? */
  mayHaveCausedThrottle(deploymentId: string): boolean {
    const entry = this.byDeployment.get(deploymentId);
    if (entry === undefined) return false;
    return entry.held > 0 || this.now() - entry.lastReleasedAt < this.holdMs;
  }

  private hold(lease: CapacityLease, actualTokens: number | undefined): void {
    let entry = this.byDeployment.get(lease.deploymentId);
    if (entry === undefined) this.byDeployment.set(lease.deploymentId, (entry = { held: 0, lastReleasedAt: 0 }));
    entry.held += 1;
    const counted = entry;
    this.scheduleTimeout(() => {
      lease.release(actualTokens);
      counted.held -= 1;
      counted.lastReleasedAt = this.now();
      this.forgetLater(lease.deploymentId, counted);
    }, this.holdMs);
  }

  /** Drops a deployment's entry once it says nothing any more, so the map does not grow with idle deployments. */
  private forgetLater(deploymentId: string, entry: DeploymentCancellations): void {
    this.scheduleTimeout(() => {
      if (entry.held === 0 && this.now() - entry.lastReleasedAt >= this.holdMs) this.byDeployment.delete(deploymentId);
    }, this.holdMs);
  }
}
