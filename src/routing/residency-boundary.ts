/**
 * The residency boundary: the one place that decides which regions a request may be processed in. Fail closed:
 * anything unknown or empty refuses the request; nothing is ever widened to "anywhere".
 */
import type { Catalog, Deployment, InferenceProfile, ProfileScope } from '../catalog/catalog-types.js';
import { GeorouteError } from '../errors/error-catalog.js';

/** The geography id that means every configured region (unless the configuration narrows it explicitly). */
export const GLOBAL_GEOGRAPHY_ID = 'global';

/**
 * Regions a request for `profile` from `sourceRegionId` may be processed in, in preference order (source first):
 * - `source-region` -> the source region;
 * - `geography` -> the geography's regions plus the source region (`global`: every region);
 * - `regions` -> exactly those regions;
 * intersected with the configured regions that deploy the profile's model.
 * Throws `unknown_source_region` for an unknown source region and `no_region_in_boundary` when nothing is left.
 */
export function residencyBoundary(catalog: Catalog, profile: InferenceProfile, sourceRegionId: string): readonly string[] {
  if (!catalog.regions.has(sourceRegionId)) {
    throw new GeorouteError(
      'unknown_source_region',
      `Source region "${sourceRegionId}" is not configured, so profile "${profile.id}" has no residency boundary; the request was not sent anywhere.`,
    );
  }
  const allowed = allowedRegions(catalog, profile, sourceRegionId);
  const deployments = catalog.deploymentsByModel.get(profile.modelId) ?? [];
  const boundary: string[] = [];
  for (const regionId of allowed) {
    if (boundary.includes(regionId) || !catalog.regions.has(regionId)) continue;
    if (deployments.some((d) => d.regionId === regionId && d.modelId === profile.modelId)) boundary.push(regionId);
  }
  if (boundary.length === 0) {
    throw new GeorouteError(
      'no_region_in_boundary',
      `No region inside the residency boundary of profile "${profile.id}" (${describeScope(profile.scope)}, source region ${sourceRegionId}) deploys model "${profile.modelId}"; the request was not sent anywhere.`,
    );
  }
  return Object.freeze(boundary);
}

/**
 * Defence in depth: the dispatcher calls this right before every attempt. A deployment outside the boundary is a
 * gateway bug, so it is refused as `internal`, never sent.
 */
export function assertInsideBoundary(boundary: readonly string[], deployment: Deployment): void {
  if (!boundary.includes(deployment.regionId)) {
    throw new GeorouteError(
      'internal',
      `Refused to send to deployment "${deployment.id}" in ${deployment.regionId}: outside the residency boundary [${boundary.join(', ')}].`,
    );
  }
}

/** The scope in words, for messages and `georoute explain`. */
export function describeScope(scope: ProfileScope): string {
  switch (scope.kind) {
    case 'source-region':
      return 'source region only';
    case 'geography':
      return `geography "${scope.geographyId}"`;
    case 'regions':
      return `regions [${scope.regionIds.join(', ')}]`;
    default:
      return 'an unknown scope';
  }
}

/** The scope's regions before intersecting with deployments; source region first when it belongs. */
function allowedRegions(catalog: Catalog, profile: InferenceProfile, sourceRegionId: string): readonly string[] {
  const scope: ProfileScope = profile.scope;
  switch (scope.kind) {
    case 'source-region':
      return [sourceRegionId];
    case 'regions':
      return scope.regionIds;
    case 'geography': {
      const geography = catalog.geographies.get(scope.geographyId);
      if (geography !== undefined) return [sourceRegionId, ...geography.regionIds];
      if (scope.geographyId === GLOBAL_GEOGRAPHY_ID) return [sourceRegionId, ...catalog.regions.keys()];
      throw new GeorouteError(
        'no_region_in_boundary',
        `Profile "${profile.id}" names geography "${scope.geographyId}", which is not configured; the request was not sent anywhere (source region ${sourceRegionId}).`,
      );
    }
    default:
      return failClosedOnUnknownScope(profile, sourceRegionId, scope);
  }
}

function failClosedOnUnknownScope(profile: InferenceProfile, sourceRegionId: string, scope: never): never {
  const kind = (scope as { kind?: unknown }).kind;
  throw new GeorouteError(
    'no_region_in_boundary',
    `Profile "${profile.id}" has an unknown scope kind "${String(kind)}"; the request was not sent anywhere (source region ${sourceRegionId}).`,
  );
}
