/** Counts what a simulator did; `snapshot()` is what `stats()` and `GET /_sim/stats` return. */
import { simOperationNames, type SimOperationName } from './sim-protocol.js';
import type { SimulatorStats, SimulatorThrottleReason } from './simulator-types.js';

type Counter = 'served' | 'failed' | 'rejected' | 'cancelled' | 'stalled';

/** The region of a SigV4 credential scope: `Credential=AKID/20250101/eu-west-1/bedrock/aws4_request`. */
export function sigV4ScopeRegion(authorization: string): string | undefined {
  const match = /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\//.exec(authorization);
  return match?.[1];
}

export class SimStatsRecorder {
  private counts = SimStatsRecorder.zero();

  constructor(
    private readonly regionId: string,
    private readonly inFlight: () => number,
  ) {}

  private static zero() {
    return {
      received: 0,
      served: 0,
      throttled: 0,
      throttledBy: { concurrency: 0, requests: 0, tokens: 0, fault: 0 } as Record<SimulatorThrottleReason, number>,
      failed: 0,
      rejected: 0,
      cancelled: 0,
      stalled: 0,
      peakInFlight: 0,
      inputTokens: 0,
      outputTokens: 0,
      signedRequests: 0,
      signatureRegions: {} as Record<string, number>,
      bearerRequests: 0,
      googleTokensIssued: 0,
      operations: Object.fromEntries(simOperationNames.map((name) => [name, 0])) as Record<SimOperationName, number>,
    };
  }

  recordGoogleTokenIssued(): void {
    this.counts.googleTokensIssued += 1;
  }

  recordReceived(operation: SimOperationName, authorization: string | undefined): void {
    this.counts.received += 1;
    this.counts.operations[operation] += 1;
    if (authorization === undefined) return;
    if (authorization.startsWith('AWS4-HMAC-SHA256')) {
      this.counts.signedRequests += 1;
      const region = sigV4ScopeRegion(authorization);
      if (region !== undefined) this.counts.signatureRegions[region] = (this.counts.signatureRegions[region] ?? 0) + 1;
    } else if (/^Bearer\s/i.test(authorization)) {
      this.counts.bearerRequests += 1;
    }
  }

  recordAdmitted(): void {
    this.counts.peakInFlight = Math.max(this.counts.peakInFlight, this.inFlight());
  }

  recordThrottled(reason: SimulatorThrottleReason): void {
    this.counts.throttled += 1;
    this.counts.throttledBy[reason] += 1;
  }

  record(counter: Counter): void {
    this.counts[counter] += 1;
  }

  recordServed(inputTokens: number, outputTokens: number): void {
    this.counts.served += 1;
    this.counts.inputTokens += inputTokens;
    this.counts.outputTokens += outputTokens;
  }

  reset(): void {
    this.counts = SimStatsRecorder.zero();
    this.counts.peakInFlight = this.inFlight();
  }

  snapshot(): SimulatorStats {
    const c = this.counts;
    return {
      regionId: this.regionId,
      ...c,
      throttledBy: { ...c.throttledBy },
      signatureRegions: { ...c.signatureRegions },
      operations: { ...c.operations },
      inFlight: this.inFlight(),
    };
  }
}
