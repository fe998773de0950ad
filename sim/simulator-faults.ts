/** Validating and merging fault changes, shared by `setFaults` and `POST /_sim/faults`. */
import { z } from 'zod';
import { SimError } from './sim-error.js';
import type { SimulatorFaults, SimulatorFaultsPatch, SimulatorStreamFailure } from './simulator-types.js';

export const noSimulatorFaults: SimulatorFaults = Object.freeze({
  errorRate: 0,
  outage: false,
  stall: false,
  disconnectAfterChunks: null,
  streamError: null,
  throttle: null,
  latencyMs: 0,
  cancelReleaseDelayMs: 0,
});

const faultsPatchSchema = z.object({
  errorRate: z.number().min(0).max(1).optional(),
  outage: z.union([z.boolean(), z.enum(['http-503', 'refuse'])]).optional(),
  stall: z.boolean().optional(),
  disconnectAfterChunks: z.number().int().min(0).nullable().optional(),
  // count 0 is refused rather than read as "no stream" or "every stream": null says every stream, no fault says none.
  streamError: z.object({
    afterChunks: z.number().int().min(0),
    kind: z.enum(['overloaded', 'throttled']),
    count: z.number().int().min(1).nullable().optional(),
  }).strict().nullable().optional(),
  throttle: z.union([
    z.boolean(),
    z.null(),
    z.object({ retryAfterSeconds: z.number().int().min(0).optional() }).strict(),
  ]).optional(),
  latencyMs: z.number().min(0).optional(),
  cancelReleaseDelayMs: z.number().min(0).optional(),
}).strict();

/** Checks an untrusted patch (admin endpoint body or library call); throws `invalid_request` listing problems. */
export function parseFaultsPatch(input: unknown): SimulatorFaultsPatch {
  const result = faultsPatchSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new SimError('invalid_request', `Invalid faults: ${problems}`);
  }
  return result.data;
}

export function mergeFaults(current: SimulatorFaults, patch: SimulatorFaultsPatch): SimulatorFaults {
  const next: SimulatorFaults = { ...current };
  if (patch.errorRate !== undefined) next.errorRate = patch.errorRate;
  if (patch.outage !== undefined) next.outage = patch.outage === true ? 'http-503' : patch.outage;
  if (patch.stall !== undefined) next.stall = patch.stall;
  if (patch.disconnectAfterChunks !== undefined) next.disconnectAfterChunks = patch.disconnectAfterChunks;
  if (patch.streamError !== undefined) {
    const e = patch.streamError;
    next.streamError = e === null ? null : Object.freeze({ afterChunks: e.afterChunks, kind: e.kind, count: e.count ?? null });
  }
  if (patch.throttle !== undefined) {
    if (patch.throttle === true) next.throttle = {};
    else if (patch.throttle === false || patch.throttle === null) next.throttle = null;
    else next.throttle = { ...patch.throttle };
  }
  if (patch.latencyMs !== undefined) next.latencyMs = patch.latencyMs;
  if (patch.cancelReleaseDelayMs !== undefined) next.cancelReleaseDelayMs = patch.cancelReleaseDelayMs;
  return Object.freeze(next);
}

/**
 * One stream's share of the `streamError` fault, and the faults after it: a counted fault loses one stream and
 * clears itself with the last. The simulator swaps its frozen faults for `next` in the same synchronous step, so
 * concurrent streams each take one.
 */
export function takeStreamError(current: SimulatorFaults): { taken: SimulatorStreamFailure | null; next: SimulatorFaults } {
  const fault = current.streamError;
  if (fault === null) return { taken: null, next: current };
  const taken = { afterChunks: fault.afterChunks, kind: fault.kind };
  if (fault.count === null) return { taken, next: current };
  return { taken, next: mergeFaults(current, { streamError: fault.count > 1 ? { ...fault, count: fault.count - 1 } : null }) };
}
