/**
 * The residency boundary: the one place that decides which regions a request may be processed in. Everything that
 * narrows it meets here: the profile's scope (a geography, listed regions, the source region, the region a
 * foundation-model ARN names), the identity's scope (the source regions it may claim, its geographies and
 * profiles), and where each deployment processes (`processingRegionIds`). Fail closed: anything unknown or empty
 * refuses the request; nothing is ever widened to "anywhere".
 */
import type { IdentityScope } from '../auth/identity.js';
import type { Catalog, Deployment, InferenceProfile, ProfileScope } from '../catalog/catalog-types.js';
import { GeorouteError } from '../errors/error-catalog.js';

/** The geography id that means every configured region (unless the configuration narrows it explicitly). */
export const GLOBAL_GEOGRAPHY_ID = 'global';
/** The `allowedGeographies` entry for bare model ids and region-pinned profiles; it restricts no region itself. */
export const IN_REGION_GEOGRAPHY_ID = 'in-region';

/**
 * The regions a request may be processed in. `unrestricted` when nothing narrows it: a `global` profile whose
 * geography is every configured region, for an identity whose scope restricts no region. Only such a boundary
 * holds a deployment whose processing set is unknown (empty `processingRegionIds`: a Vertex global endpoint, an
 * Azure Global deployment that declares none); a plain list of regions never does.
 */
export type ResidencyBoundary = readonly string[] & { readonly unrestricted?: boolean };

/**
 * Regions a request for `profile` from `sourceRegionId` by an identity with `scope` may be processed in, in
 * preference order (source first). From the profile's scope:
 * - `source-region` -> the source region; `arn-region` -> the ARN's region, only when it is the source region;
 * - `geography` -> the geography's regions plus the source region (`global`: every region);
 * - `regions` -> exactly those regions;
 * intersected with the identity's regions (`identityRegions`), after checking the identity may claim the source
 * region; then only the regions of deployments of the model whose whole processing set lies inside.
 * Throws `unknown_source_region`, `invalid_request` (an ARN of another region), `access_denied` (a source region the
 * identity may not claim) or `no_region_in_boundary` (nothing left).
 */
export function residencyBoundary(
  catalog: Catalog,
  profile: InferenceProfile,
  sourceRegionId: string,
  scope: IdentityScope = {},
): ResidencyBoundary {
  if (!catalog.regions.has(sourceRegionId)) {
    throw new GeorouteError(
      'unknown_source_region',
      `Source region "${sourceRegionId}" is not configured, so profile "${profile.id}" has no residency boundary; the request was not sent anywhere.`,
    );
  }
  const identity = identityRegions(catalog, scope, profile);
  assertMayClaim(catalog, scope, identity, profile, sourceRegionId);
  const regions = allowedRegions(catalog, profile, sourceRegionId).filter((r) => catalog.regions.has(r) && (identity === undefined || identity.has(r)));
  const unrestricted = isUnrestricted(catalog, profile, scope, regions);
  const allowed = markUnrestricted(regions, unrestricted);
  const processing = new Set<string>();
  for (const deployment of catalog.deploymentsByModel.get(profile.modelId) ?? []) {
    if (deployment.modelId !== profile.modelId) continue;
    if (deploymentInsideBoundary(allowed, deployment)) for (const regionId of regionsReachedBy(deployment)) processing.add(regionId);
  }
  const inside = [...new Set(regions)].filter((regionId) => processing.has(regionId));
  const boundary = markUnrestricted(inside, unrestricted);
  if (boundary.length === 0) {
    throw new GeorouteError(
      'no_region_in_boundary',
      `No deployment of model "${profile.modelId}" processes entirely inside the residency boundary of profile "${profile.id}" (${describeScope(profile.scope)}, source region ${sourceRegionId}${identity === undefined ? '' : ", narrowed by this identity's scope"}); the request was not sent anywhere.`,
    );
  }
  return Object.freeze(boundary);
}

/** Non-enumerable, so the boundary still reads, compares and serializes as the list of regions it is. */
function markUnrestricted(regions: string[], unrestricted: boolean): ResidencyBoundary {
  if (unrestricted) Object.defineProperty(regions, 'unrestricted', { value: true, enumerable: false });
  return regions;
}

/**
 * Every region a request sent to this deployment reaches: the region it is sent to (its endpoint's) and every
 * region its upstream may process it in. For a deployment that does not delegate, just its region.
 */
export function regionsReachedBy(deployment: Deployment): readonly string[] {
  const processing = deployment.processingRegionIds;
  return processing.length === 1 && processing[0] === deployment.regionId ? processing : [...new Set([deployment.regionId, ...processing])];
}

/**
 * A deployment may serve a request only when every region it reaches lies inside the boundary; one whose
 * processing set is unknown (empty), only inside an unrestricted boundary.
 */
export function deploymentInsideBoundary(boundary: ResidencyBoundary, deployment: Deployment): boolean {
  const known = deployment.processingRegionIds.length > 0 || boundary.unrestricted === true;
  return known && regionsReachedBy(deployment).every((r) => boundary.includes(r));
}

/**
 * Defence in depth: the dispatcher calls this right before every attempt. A deployment outside the boundary is a
 * gateway bug, so it is refused as `internal`, never sent.
 */
export function assertInsideBoundary(boundary: ResidencyBoundary, deployment: Deployment): void {
  if (!deploymentInsideBoundary(boundary, deployment)) {
    const where = deployment.processingRegionIds.length === 0 ? 'an unknown set of regions' : deployment.processingRegionIds.join(', ');
    throw new GeorouteError(
      'internal',
      `Refused to send to deployment "${deployment.id}" (processes in ${where}): outside the residency boundary [${boundary.join(', ')}].`,
    );
  }
}

/** The scope in words, for messages and `georoute explain`. */
export function describeScope(scope: ProfileScope): string {
  switch (scope.kind) {
    case 'source-region':
      return 'source region only';
    case 'arn-region':
      return `region ${scope.regionId}, named by its ARN`;
    case 'geography':
      return `geography "${scope.geographyId}"`;
    case 'regions':
      return `regions [${scope.regionIds.join(', ')}]`;
    default:
      return 'an unknown scope';
  }
}

/**
 * Nothing narrows this request: a `global` profile, an identity whose geographies (if any) include `global`, and
 * every configured region still allowed. A boundary that covers every region by listing geographies is not
 * unrestricted: the caller asked for those geographies, and an unknown processing set may lie outside all of them.
 */
function isUnrestricted(catalog: Catalog, profile: InferenceProfile, scope: IdentityScope, allowed: readonly string[]): boolean {
  const named = scope.allowedGeographies?.filter((g) => g !== IN_REGION_GEOGRAPHY_ID) ?? [];
  return profile.scope.kind === 'geography' && profile.scope.geographyId === GLOBAL_GEOGRAPHY_ID &&
    (named.length === 0 || named.includes(GLOBAL_GEOGRAPHY_ID)) && [...catalog.regions.keys()].every((r) => allowed.includes(r));
}

/**
 * The regions an identity's scope allows for this profile, or undefined when it restricts none:
 * `allowedGeographies` -> the listed geographies' regions (`in-region` adds no restriction, `global` none);
 * `allowedProfiles` -> the profile's own regions (its geography without the source region Bedrock adds, its listed
 * regions; a bare model id adds no restriction). Both apply when both are set.
 */
export function identityRegions(catalog: Catalog, scope: IdentityScope, profile: InferenceProfile): ReadonlySet<string> | undefined {
  let regions: Set<string> | undefined;
  const narrow = (next: readonly string[]) => {
    regions = new Set(next.filter((r) => regions === undefined || regions.has(r)));
  };
  const named = scope.allowedGeographies?.filter((g) => g !== IN_REGION_GEOGRAPHY_ID) ?? [];
  if (named.length > 0 && !named.includes(GLOBAL_GEOGRAPHY_ID)) narrow(named.flatMap((g) => geographyRegions(catalog, g) ?? []));
  if (scope.allowedProfiles !== undefined) {
    const own = profileOwnRegions(catalog, profile);
    if (own !== undefined) narrow(own);
  }
  return regions;
}

/** The source region must be one the identity may claim: inside its regions and its `sourceRegions`. */
function assertMayClaim(
  catalog: Catalog,
  scope: IdentityScope,
  identity: ReadonlySet<string> | undefined,
  profile: InferenceProfile,
  sourceRegionId: string,
): void {
  const listed = scope.sourceRegions === undefined || scope.sourceRegions.includes(sourceRegionId);
  if (listed && (identity === undefined || identity.has(sourceRegionId))) return;
  const claimable = [...catalog.regions.keys()].filter((r) => (scope.sourceRegions?.includes(r) ?? true) && (identity?.has(r) ?? true));
  throw new GeorouteError(
    'access_denied',
    `This identity may not use source region ${sourceRegionId} for "${profile.id}" (it may use: ${claimable.join(', ') || 'none'}); the request was not sent anywhere.`,
  );
}

/** A geography's regions (`global`: every region unless configured narrower); undefined when it is not configured. */
function geographyRegions(catalog: Catalog, geographyId: string): readonly string[] | undefined {
  const geography = catalog.geographies.get(geographyId);
  if (geography !== undefined) return geography.regionIds;
  return geographyId === GLOBAL_GEOGRAPHY_ID ? [...catalog.regions.keys()] : undefined;
}

function profileOwnRegions(catalog: Catalog, profile: InferenceProfile): readonly string[] | undefined {
  const scope = profile.scope;
  switch (scope.kind) {
    case 'geography':
      return geographyRegions(catalog, scope.geographyId) ?? [];
    case 'regions':
      return scope.regionIds;
    case 'arn-region':
    case 'source-region':
      return undefined;
    default:
      return [];
  }
}

/** The scope's regions before intersecting with the identity and the deployments; source region first when it belongs. */
function allowedRegions(catalog: Catalog, profile: InferenceProfile, sourceRegionId: string): readonly string[] {
  const scope: ProfileScope = profile.scope;
  switch (scope.kind) {
    case 'source-region':
      return [sourceRegionId];
    case 'arn-region':
      if (scope.regionId === sourceRegionId) return [sourceRegionId];
      throw new GeorouteError(
        'invalid_request',
        `The foundation-model ARN names region ${scope.regionId}, but this request's source region is ${sourceRegionId}. Call it from ${scope.regionId}, or use a cross-region inference profile.`,
        { param: 'model' },
      );
    case 'regions':
      return scope.regionIds;
    case 'geography': {
      const regions = geographyRegions(catalog, scope.geographyId);
      if (regions !== undefined) return [sourceRegionId, ...regions];
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
