/**
 * Label values for Prometheus that stay bounded by the configuration, whatever clients send: system-defined and
 * foundation-model profiles by id (the catalog derives a fixed set), application profiles folded into one value
 * (operators create them at run time, each with an ARN), regions and deployments by id. Never a request id.
 */
import type { InferenceProfile } from '../../catalog/catalog-types.js';
import type { RequestOutcome } from '../../pipeline/request-outcome.js';

/** Requests that never resolved a profile (bad body, unknown model, failed authentication). */
export const NO_PROFILE = 'none';
/** Every application inference profile, whatever its id. */
export const APPLICATION_PROFILE = 'application';
/** Requests that no region served. */
export const NO_REGION = 'none';

export function profileLabel(profile: InferenceProfile | undefined): string {
  if (!profile) return NO_PROFILE;
  return profile.type === 'APPLICATION' ? APPLICATION_PROFILE : profile.id;
}

/** The region that served the request; `delegated` when a delegating upstream chose among candidates without saying which. */
export function inferenceRegionLabel(outcome: RequestOutcome): string {
  return outcome.inferenceRegionId ?? (outcome.inferenceRegionCandidates ? DELEGATED_REGION : NO_REGION);
}

/** Requests a delegating upstream served somewhere in its candidate set, without saying where. */
export const DELEGATED_REGION = 'delegated';

/** `success`, or `error` for any request that ended with an error (a refusal, or a stream cut after its 200). */
export function outcomeLabel(outcome: RequestOutcome): 'success' | 'error' {
  return outcome.error || outcome.status >= 400 ? 'error' : 'success';
}

/** The error code from the error catalog (a closed set), or the HTTP status when there is none. */
export function errorCodeLabel(outcome: RequestOutcome): string {
  return outcome.error?.code ?? `http_${outcome.status}`;
}
