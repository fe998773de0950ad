/**
 * Keeps this replica's leases alive in Redis while their requests last. One timer per replica (not per lease),
 * running only while leases are held; each beat is one script call per deployment with leases, all sent in one
 * pipeline. A replica that dies stops beating, and its leases expire after `leaseTtlMs`: its slots come back.
 * A beat also reasserts leases Redis no longer has (it restarted without persistence, or this replica stalled past
 * the TTL); the store beats at once when its connection comes back.
 */
import type { Redis } from 'ioredis';
import { capacityScripts } from './redis-capacity-scripts.js';

export interface LeaseHeartbeatOptions {
  leaseTtlMs: number;
  intervalMs: number;
  /** A beat failed, or had to reassert leases that Redis no longer had. */
  onError: (error: unknown, context: string) => void;
}

export class RedisLeaseHeartbeat {
  /** Leases key of a deployment -> ids held by this replica. */
  private readonly held = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly redis: Redis, private readonly options: LeaseHeartbeatOptions) {}

  add(leasesKey: string, leaseId: string): void {
    if (this.stopped) return;
    let ids = this.held.get(leasesKey);
    if (ids === undefined) this.held.set(leasesKey, (ids = new Set()));
    ids.add(leaseId);
    if (this.timer === undefined) {
      this.timer = setInterval(() => void this.beat(), this.options.intervalMs);
      this.timer.unref();
    }
  }

  remove(leasesKey: string, leaseId: string): void {
    const ids = this.held.get(leasesKey);
    if (ids === undefined) return;
    ids.delete(leaseId);
    if (ids.size === 0) this.held.delete(leasesKey);
    if (this.held.size === 0) this.clearTimer();
  }

  get heldCount(): number {
    let count = 0;
    for (const ids of this.held.values()) count += ids.size;
    return count;
  }

  /** Stops beating; leases still held expire by their TTL. */
  stop(): void {
    this.stopped = true;
    this.held.clear();
    this.clearTimer();
  }

  /** One beat now (the timer calls it every `intervalMs`). */
  async beat(): Promise<void> {
    const beats = [...this.held].map(async ([leasesKey, ids]) => {
      if (ids.size === 0) return;
      try {
        const reasserted = await capacityScripts.refreshLeases.run(this.redis, [leasesKey], [this.options.leaseTtlMs, ...ids]);
        if (Array.isArray(reasserted) && reasserted.length > 0) {
          this.options.onError(
            new Error(`${reasserted.length} lease(s) in ${leasesKey} were gone from Redis before their request ended; reasserted`),
            'lease heartbeat',
          );
        }
      } catch (error) {
        this.options.onError(error, 'lease heartbeat');
      }
    });
    await Promise.all(beats);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
