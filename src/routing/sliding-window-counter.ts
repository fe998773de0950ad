/**
 * A sliding-window sum (requests or tokens in the last minute) kept in a ring of fixed buckets: O(1) amortised
 * per call, no allocation after construction. The window is approximate to one bucket (1 s by default).
 */
export class SlidingWindowCounter {
  private readonly counts: Float64Array;
  private readonly bucketMs: number;
  private sum = 0;
  /** Number of the newest bucket seen (floor(now / bucketMs)); NaN before the first call. */
  private head = Number.NaN;

  constructor(windowMs = 60_000, bucketCount = 60) {
    this.counts = new Float64Array(bucketCount);
    this.bucketMs = windowMs / bucketCount;
  }

  /** Adds `amount` at `now`; returns the bucket it went into, to `adjust` it later. */
  add(now: number, amount: number): number {
    this.advance(now);
    this.counts[this.indexOf(this.head)] += amount;
    this.sum += amount;
    return this.head;
  }

  /** Corrects an earlier `add` (estimate replaced by the real count); ignored once that bucket left the window. */
  adjust(bucket: number, delta: number): void {
    if (Number.isNaN(this.head) || bucket <= this.head - this.counts.length || bucket > this.head) return;
    const index = this.indexOf(bucket);
    const next = Math.max(0, this.counts[index] + delta);
    this.sum += next - this.counts[index];
    this.counts[index] = next;
  }

  total(now: number): number {
    this.advance(now);
    return this.sum;
  }

  /**
   * Epoch ms at which the window will have dropped at least `amount` (oldest buckets expire first), ignoring
   * anything added later; `now` if `amount` <= 0.
   */
  freesAt(now: number, amount: number): number {
    this.advance(now);
    if (amount <= 0 || Number.isNaN(this.head)) return now;
    let freed = 0;
    const n = this.counts.length;
    for (let bucket = this.head - n + 1; bucket <= this.head; bucket++) {
      freed += this.counts[this.indexOf(bucket)];
      if (freed >= amount) return (bucket + n) * this.bucketMs;
    }
    return (this.head + n) * this.bucketMs;
  }

  private advance(now: number): void {
    const bucket = Math.floor(now / this.bucketMs);
    if (Number.isNaN(this.head)) {
      this.head = bucket;
      return;
    }
    if (bucket <= this.head) return; // time never runs backwards here
    const steps = Math.min(bucket - this.head, this.counts.length);
    for (let step = 1; step <= steps; step++) {
      const index = this.indexOf(this.head + step);
      this.sum -= this.counts[index];
      this.counts[index] = 0;
    }
    if (steps === this.counts.length) this.sum = 0; // drop accumulated float error on a full reset
    this.head = bucket;
  }

  private indexOf(bucket: number): number {
    const n = this.counts.length;
    return ((bucket % n) + n) % n;
  }
}
