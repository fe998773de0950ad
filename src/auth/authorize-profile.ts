/**
 * May this identity use this inference profile? Pure; fails closed with `access_denied`.
 * - `allowedProfiles`, when set, must list the profile id. An application profile also passes when the list
 *   names the profile or model it was copied from: it can route nowhere its source cannot, and its generated
 *   id cannot be known when the configuration is written.
 * - `allowedGeographies`, when set, must list the profile's geography: the geography id for geographic and
 *   global profiles, `in-region` for bare model ids and for application profiles pinned to regions.
 */
import type { InferenceProfile, ProfileScope } from '../catalog/catalog-types.js';
import { GeorouteError } from '../errors/error-catalog.js';
import type { Identity } from './identity.js';

export const inRegionGeography = 'in-region';

export function profileGeography(scope: ProfileScope): string {
  switch (scope.kind) {
    case 'geography':
      return scope.geographyId;
    case 'source-region':
    case 'arn-region':
    case 'regions':
      return inRegionGeography;
  }
}

function profileIdAllowed(allowedProfiles: readonly string[], profile: InferenceProfile): boolean {
  if (allowedProfiles.includes(profile.id)) return true;
  return profile.type === 'APPLICATION' && profile.copiedFrom !== undefined && allowedProfiles.includes(profile.copiedFrom);
}

export function authorizeProfile(identity: Identity, profile: InferenceProfile): void {
  if (identity.allowedProfiles !== undefined && !profileIdAllowed(identity.allowedProfiles, profile)) {
    throw new GeorouteError('access_denied', `This identity is not allowed to use the inference profile "${profile.id}".`);
  }
  const geography = profileGeography(profile.scope);
  if (identity.allowedGeographies !== undefined && !identity.allowedGeographies.includes(geography)) {
    throw new GeorouteError(
      'access_denied',
      `This identity is not allowed to use inference profiles of geography "${geography}" ("${profile.id}").`,
    );
  }
}
