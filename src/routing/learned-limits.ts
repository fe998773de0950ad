/**
 * Learned limits of one deployment: the declared capacity, lowered by what the upstream says (429, x-ratelimit-*)
 * with a multiplicative decrease, and recovering additively (per success and per second) back up to the ceiling
 * (the declared capacity, or the upstream's advertised limit when lower).
 */
import type { DeploymentCapacity } from '../catalog/catalog-types.js';
import type { RateLimitObservation } from '../providers/upstream-contract.js';

export interface LearnedLimitOptions {
  /** Multiplier applied to a learned limit on a 429 (0 < f < 1). */
  decreaseFactor: number;
  /** Fraction of the ceiling given back per successful attempt. */
  increasePerSuccess: number;
  /** Fraction of the ceiling given back per second once the deployment is no longer throttled. */
  increasePerSecond: number;
}

export const defaultLearnedLimitOptions: LearnedLimitOptions = {
  decreaseFactor: 0.5,
  increasePerSuccess: 0.1,
  increasePerSecond: 0.02,
};

export class LearnedLimits {
  concurrency: number;
  requestsPerMinute: number;
  tokensPerMinute: number;
  /** The upstream's advertised limits (x-ratelimit-limit-*), capped by the declared capacity. */
  private ceilingRequests: number;
  private ceilingTokens: number;
  private recoveredAt: number;

  constructor(capacity: DeploymentCapacity, now: number, private readonly options: LearnedLimitOptions) {
    this.concurrency = capacity.maxConcurrent;
    this.requestsPerMinute = capacity.requestsPerMinute;
    this.tokensPerMinute = capacity.tokensPerMinute;
    this.ceilingRequests = capacity.requestsPerMinute;
    this.ceilingTokens = capacity.tokensPerMinute;
    this.recoveredAt = now;
  }

  get maxConcurrent(): number {
    return wholeLimit(this.concurrency);
  }

  get requestLimit(): number {
    return wholeLimit(this.requestsPerMinute);
  }

  get tokenLimit(): number {
    return wholeLimit(this.tokensPerMinute);
  }

  /** Additive increase for the time passed since the last call, not counting time before `notBefore`. */
  recover(capacity: DeploymentCapacity, now: number, notBefore: number): void {
    const from = Math.max(this.recoveredAt, notBefore);
    if (now > this.recoveredAt) this.recoveredAt = now;
    const seconds = (now - from) / 1000;
    if (seconds > 0) this.increase(capacity, this.options.increasePerSecond * seconds);
    else this.clamp(capacity);
  }

  onSuccess(capacity: DeploymentCapacity, rateLimit: RateLimitObservation | undefined): void {
    if (rateLimit !== undefined) this.observe(capacity, rateLimit);
    this.increase(capacity, this.options.increasePerSuccess);
  }

  /** A 429: lower what the headers point at, or every limit when they say nothing. */
  onThrottled(capacity: DeploymentCapacity, rateLimit: RateLimitObservation | undefined): void {
    if (rateLimit !== undefined) this.observe(capacity, rateLimit);
    const f = this.options.decreaseFactor;
    const requestsOut = rateLimit?.remainingRequests === 0;
    const tokensOut = rateLimit?.remainingTokens === 0;
    if (requestsOut) this.requestsPerMinute *= f;
    if (tokensOut) this.tokensPerMinute *= f;
    if (!requestsOut && !tokensOut) {
      this.concurrency *= f;
      this.requestsPerMinute *= f;
      this.tokensPerMinute *= f;
    }
    this.clamp(capacity);
  }

  private observe(capacity: DeploymentCapacity, rateLimit: RateLimitObservation): void {
    if (rateLimit.limitRequests !== undefined && rateLimit.limitRequests > 0) {
      this.ceilingRequests = Math.min(capacity.requestsPerMinute, rateLimit.limitRequests);
    }
    if (rateLimit.limitTokens !== undefined && rateLimit.limitTokens > 0) {
      this.ceilingTokens = Math.min(capacity.tokensPerMinute, rateLimit.limitTokens);
    }
    this.clamp(capacity);
  }

  private increase(capacity: DeploymentCapacity, fraction: number): void {
    this.concurrency += capacity.maxConcurrent * fraction;
    this.requestsPerMinute += this.ceilingRequests * fraction;
    this.tokensPerMinute += this.ceilingTokens * fraction;
    this.clamp(capacity);
  }

  private clamp(capacity: DeploymentCapacity): void {
    this.ceilingRequests = Math.min(this.ceilingRequests, capacity.requestsPerMinute);
    this.ceilingTokens = Math.min(this.ceilingTokens, capacity.tokensPerMinute);
    this.concurrency = clampTo(this.concurrency, capacity.maxConcurrent);
    this.requestsPerMinute = clampTo(this.requestsPerMinute, this.ceilingRequests);
    this.tokensPerMinute = clampTo(this.tokensPerMinute, this.ceilingTokens);
  }
}

/** Learned limits move in fractions; they apply as whole numbers (tolerating float error: 5.9999999 is 6). */
function wholeLimit(value: number): number {
  return Math.max(1, Math.floor(value + 1e-9));
}

function clampTo(value: number, ceiling: number): number {
  return Math.min(ceiling, Math.max(1, value));
}
