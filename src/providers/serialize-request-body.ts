/**
 * Serializes a request body for an upstream. A body that cannot be serialized is this request's problem, never
 * the upstream's: it is `rejected` (no failover, no breaker), not `unavailable`.
 */
import { UpstreamFailure } from './upstream-contract.js';

export function serializeRequestBody(body: Record<string, unknown>, deploymentId: string): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    throw new UpstreamFailure('rejected', `${deploymentId}: the request body cannot be serialized (${error instanceof Error ? error.message : String(error)})`, { status: 400, cause: error });
  }
}
