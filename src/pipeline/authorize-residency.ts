/**
 * The authorize stage of every inference surface, after the profile is resolved: may this identity use the profile,
 * and what is the residency boundary (the ARN's region, the source region the identity claims, its scope). Asking
 * the boundary here makes every refusal happen before anything is planned, and be audited like any rejection.
 * A refused claim is recorded in the identity's own default source region, never in the store of the region it was
 * refused: a caller cannot choose where its refusals are kept.
 */
import { authorizeProfile } from '../auth/authorize-profile.js';
import type { Identity } from '../auth/identity.js';
import type { InferenceProfile } from '../catalog/catalog-types.js';
import { GeorouteError } from '../errors/error-catalog.js';
import type { Router } from '../routing/routing-contract.js';
import type { RequestProgress } from './record-rejected-request.js';

export function authorizeResidency(router: Router, progress: RequestProgress, identity: Identity, profile: InferenceProfile, sourceRegionId: string): void {
  progress.profile = profile;
  try {
    authorizeProfile(identity, profile);
    router.boundary(profile, sourceRegionId, identity);
  } catch (error) {
    if (error instanceof GeorouteError && error.code === 'access_denied') progress.sourceRegionId = undefined;
    throw error;
  }
}
