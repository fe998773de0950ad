/** Validating and merging fault changes, shared by `setFaults` and `POST /_sim/faults`. */
import { z } from 'zod';
import { SimError } from './sim-error.js';
import type { SimulatorFaults, SimulatorFaultsPatch } from './simulator-types.js';

export const noSimulatorFaults: SimulatorFaults = Object.freeze({
  errorRate: 0,
  outage: false,
  stall: false,
  disconnectAfterChunks: null,
  throttle: null,
  latencyMs: 0,
  cancelReleaseDelayMs: 0,
});

const faultsPatchSchema = z.object({
  errorRate: z.number().min(0).max(1).optional(),
  outage: z.union([z.boolean(), z.enum(['http-503', 'refuse'])]).optional(),
  stall: z.boolean().optional(),
  disconnectAfterChunks: z.number().int().min(0).nullable().optional(),
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
  if (patch.throttle !== undefined) {
    if (patch.throttle === true) next.throttle = {};
    else if (patch.throttle === false || patch.throttle === null) next.throttle = null;
    else next.throttle = { ...patch.throttle };
  }
  if (patch.latencyMs !== undefined) next.latencyMs = patch.latencyMs;
  if (patch.cancelReleaseDelayMs !== undefined) next.cancelReleaseDelayMs = patch.cancelReleaseDelayMs;
  return Object.freeze(next);
}
