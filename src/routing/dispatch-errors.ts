/** The errors a dispatch ends with, built in one place so their codes and messages stay consistent. */
import type { Deployment } from '../catalog/catalog-types.js';
import { GeorouteError, type ErrorCode } from '../errors/error-catalog.js';
import { UpstreamFailure } from '../providers/upstream-contract.js';

export function cancelledError(reason: unknown): UpstreamFailure {
  return new UpstreamFailure('cancelled', 'The client cancelled the request.', { cause: reason });
}

export function deadlineError(deadlineMs: number): GeorouteError {
  return new GeorouteError('model_timeout', `No deployment answered within the routing deadline of ${deadlineMs} ms.`);
}

export function noCapacityError(profileId: string, boundary: readonly string[], retryAfterSeconds: number): GeorouteError {
  return new GeorouteError(
    'no_capacity',
    `No capacity for profile "${profileId}" inside its residency boundary [${boundary.join(', ')}]; retry after ${retryAfterSeconds} s.`,
    { retryAfterSeconds },
  );
}

export function allTimedOutError(profileId: string, boundary: readonly string[]): GeorouteError {
  return new GeorouteError('model_timeout', `Every deployment of profile "${profileId}" tried inside its residency boundary [${boundary.join(', ')}] timed out.`);
}

export function unavailableError(profileId: string, boundary: readonly string[], retryAfterSeconds?: number): GeorouteError {
  return new GeorouteError(
    'upstream_unavailable',
    `Every deployment of profile "${profileId}" inside its residency boundary [${boundary.join(', ')}] is unavailable.`,
    { retryAfterSeconds },
  );
}

export function noAcceptingDeploymentError(profileId: string, boundary: readonly string[]): GeorouteError {
  return new GeorouteError(
    'unsupported_operation',
    `No deployment of profile "${profileId}" inside its residency boundary [${boundary.join(', ')}] supports this request.`,
  );
}

/**
 * An upstream refused the request itself (4xx other than 429): no failover, the client sees it. Validation-type
 * statuses become `invalid_request`; anything else (auth of the gateway, not found upstream) `upstream_rejected`.
 * The message names the status and the upstream's error type; the upstream's own text (which can echo the prompt)
 * is added only when `withUpstreamText` (audit.contentLogging.upstreamErrorText) is on.
 */
export function rejectedError(failure: UpstreamFailure, deployment: Deployment, withUpstreamText = false): GeorouteError {
  const status = failure.status;
  const code: ErrorCode = status === 413 ? 'payload_too_large' : status === 400 || status === 422 ? 'invalid_request' : 'upstream_rejected';
  const details = [status === undefined ? undefined : `HTTP ${status}`, failure.upstreamErrorType && `upstream error ${failure.upstreamErrorType}`]
    .filter((d): d is string => Boolean(d));
  const classified = details.length === 0 ? '' : ` (${details.join(', ')})`;
  const text = withUpstreamText && failure.upstreamText ? `: ${failure.upstreamText}` : '.';
  return new GeorouteError(code, `The model in ${deployment.regionId} rejected the request${classified}${text}`, {
    cause: failure,
  });
}
