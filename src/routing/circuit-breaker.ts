/**
 * The circuit breaker of one deployment. Only unavailable/timeout failures count (a 429 is back-pressure and
 * never reaches it). closed -> (failureThreshold consecutive failures) -> open for openMs -> half-open: exactly
 * one probe passes; its success closes, its failure re-opens for a fresh, full openMs.
 */
import type { BreakerState } from './routing-contract.js';

export interface CircuitBreakerOptions {
  failureThreshold: number;
  openMs: number;
}

/** What `admit` allows: a normal pass, the single half-open probe, or nothing. */
export type BreakerAdmission = 'pass' | 'probe' | 'refuse';

export class CircuitBreaker {
  consecutiveFailures = 0;
  /** Epoch ms the open state ends (then half-open); meaningful while tripped. */
  openUntil = 0;
  private tripped = false;
  private probeInFlight = false;

  constructor(private readonly options: CircuitBreakerOptions) {}

  state(now: number): BreakerState {
    if (!this.tripped) return 'closed';
    return now < this.openUntil ? 'open' : 'half-open';
  }

  /** Read-only: would a request be let through now? */
  admit(now: number): BreakerAdmission {
    const state = this.state(now);
    if (state === 'closed') return 'pass';
    if (state === 'open' || this.probeInFlight) return 'refuse';
    return 'probe';
  }

  /** The probe admitted by `admit` is on its way. */
  startProbe(): void {
    this.probeInFlight = true;
  }

  /** The probe's lease was given back (answered or not); another probe may go if still half-open. */
  endProbe(): void {
    this.probeInFlight = false;
  }

  onSuccess(now: number): void {
    this.consecutiveFailures = 0;
    // A late success of a request sent before the breaker opened does not cut the open period short.
    if (this.state(now) === 'open') return;
    this.tripped = false;
  }

  onFailure(now: number): void {
    this.consecutiveFailures += 1;
    const state = this.state(now);
    if (state === 'half-open' || state === 'open' || this.consecutiveFailures >= this.options.failureThreshold) {
      // Never shorter than a fresh full period, whatever was left of the previous one.
      this.openUntil = Math.max(this.openUntil, now + this.options.openMs);
      this.tripped = true;
    }
  }
}
