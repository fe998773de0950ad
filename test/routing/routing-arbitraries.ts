/**
 * fast-check generators for the routing property tests: random small worlds (regions, geographies, models,
 * deployments, some of which delegate to upstreams that process in several regions), profile scopes, identity
 * scopes and claimed source regions, and an independent statement of where a request may go. Not a test file.
 */
import fc from 'fast-check';
import type { IdentityScope } from '../../src/auth/identity.js';
import type { Catalog, Deployment, InferenceProfile, ProfileScope } from '../../src/catalog/catalog-types.js';
import { buildCatalog, makeProfile } from './routing-test-kit.js';

const REGION_POOL = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'] as const;
const GEOGRAPHY_POOL = ['g0', 'g1', 'g2', 'global'] as const;
const MODELS = ['m0', 'm1'] as const;

export interface World {
  catalog: Catalog;
  profile: InferenceProfile;
  /** The source region the request claims. */
  sourceRegionId: string;
  regionIds: readonly string[];
  /** The caller's scope ({} = unrestricted). */
  identity: IdentityScope;
}

export const worldArbitrary: fc.Arbitrary<World> = fc.integer({ min: 1, max: REGION_POOL.length }).chain((count) => {
  const regionIds = REGION_POOL.slice(0, count);
  const scope: fc.Arbitrary<ProfileScope> = fc.oneof(
    fc.constant<ProfileScope>({ kind: 'source-region' }),
    fc
      .oneof({ weight: 9, arbitrary: fc.constantFrom(...GEOGRAPHY_POOL) }, { weight: 1, arbitrary: fc.constant('unknown-geo') })
      .map((geographyId): ProfileScope => ({ kind: 'geography', geographyId })),
    fc.subarray([...regionIds, 'zz-unknown']).map((ids): ProfileScope => ({ kind: 'regions', regionIds: ids })),
    fc.constantFrom(...regionIds, 'zz-unknown').map((regionId): ProfileScope => ({ kind: 'arn-region', regionId })),
  );
  const identity: fc.Arbitrary<IdentityScope> = fc.oneof(
    { weight: 1, arbitrary: fc.constant<IdentityScope>({}) },
    {
      weight: 3,
      arbitrary: fc.record(
        {
          allowedGeographies: fc.subarray([...GEOGRAPHY_POOL, 'in-region', 'unknown-geo']),
          // The boundary only asks whether profiles are restricted (authorizeProfile checks the list itself).
          allowedProfiles: fc.constant(['p']),
          sourceRegions: fc.subarray([...regionIds], { minLength: 1 }),
        },
        { requiredKeys: [] },
      ),
    },
  );
  return fc
    .record({
      coordinates: fc.array(
        fc.tuple(fc.double({ min: -90, max: 90, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true })),
        { minLength: count, maxLength: count },
      ),
      // g0 and g1 always exist; g2 and an explicit (narrowing) `global` only sometimes.
      geographies: fc.record(
        {
          g0: fc.subarray([...regionIds], { minLength: 1 }),
          g1: fc.subarray([...regionIds], { minLength: 1 }),
          g2: fc.subarray([...regionIds], { minLength: 1 }),
          global: fc.subarray([...regionIds], { minLength: 1 }),
        },
        { requiredKeys: ['g0', 'g1'] },
      ),
      deployments: fc.uniqueArray(
        fc.record({
          model: fc.constantFrom(...MODELS),
          region: fc.constantFrom(...regionIds),
          replica: fc.integer({ min: 0, max: 1 }),
          maxConcurrent: fc.integer({ min: 1, max: 3 }),
          // Deployment types as processing sets: regional (absent: its region; Azure Standard, a Vertex regional
          // endpoint), a declared set (a Bedrock cross-region profile, an Azure Data Zone, a Vertex multi-region, a
          // declared Azure Global), or unknown (`[]`: a Vertex global endpoint, an undeclared Azure Global).
          processing: fc.oneof(
            { weight: 3, arbitrary: fc.constant(undefined) },
            { weight: 2, arbitrary: fc.subarray([...regionIds], { minLength: 1, maxLength: Math.min(4, regionIds.length) }) },
            { weight: 1, arbitrary: fc.constant([...regionIds]) },
            { weight: 1, arbitrary: fc.constant([]) },
          ),
        }),
        { selector: (d) => `${d.model}@${d.region}#${d.replica}`, minLength: 1, maxLength: 16 },
      ),
      scope,
      model: fc.constantFrom(...MODELS),
      sourceRegionId: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...regionIds) }, { weight: 1, arbitrary: fc.constant('zz-unknown') }),
      identity,
    })
    .map(({ coordinates, geographies, deployments, scope: profileScope, model, sourceRegionId, identity: scopeOfCaller }) => ({
      catalog: buildCatalog({
        regions: regionIds.map((id, i) => [id, coordinates[i][0], coordinates[i][1]] as const),
        geographies: definedOnly(geographies),
        deployments: deployments.map((d) => ({ ...d, id: `${d.model}@${d.region}#${d.replica}` })),
      }),
      profile: makeProfile(`p.${model}`, model, profileScope),
      sourceRegionId,
      regionIds,
      identity: scopeOfCaller,
    }));
});

function definedOnly(geographies: Partial<Record<string, readonly string[]>>): Record<string, readonly string[]> {
  const defined: Record<string, readonly string[]> = {};
  for (const [id, regionIds] of Object.entries(geographies)) if (regionIds !== undefined) defined[id] = regionIds;
  return defined;
}

/** What the oracle says: refused with this code, or exactly these regions. */
export type Expectation = { refused: string } | { regions: Set<string>; unrestricted: boolean };

/** Every region a request sent to the deployment reaches: its own region and every region it may process in. */
export function reachOf(deployment: Deployment): Set<string> {
  return new Set([deployment.regionId, ...deployment.processingRegionIds]);
}

function geographyRegionsOf(catalog: Catalog, id: string): readonly string[] | undefined {
  return catalog.geographies.get(id)?.regionIds ?? (id === 'global' ? [...catalog.regions.keys()] : undefined);
}

/**
 * Where a request may be processed, stated independently of the implementation, in the order the rules apply:
 * an unknown source region; a source region the identity may not claim (outside its `sourceRegions`, its
 * geographies' regions, or, when it is limited to profiles, the profile's own regions); an ARN of another region or
 * an unknown geography; then the allowed regions, kept only where some deployment reaches nothing outside them.
 */
export function expectation(world: World): Expectation {
  const { catalog, profile, sourceRegionId, identity } = world;
  if (!catalog.regions.has(sourceRegionId)) return { refused: 'unknown_source_region' };
  const all = [...catalog.regions.keys()];
  let mine = new Set(all);
  const named = (identity.allowedGeographies ?? []).filter((g) => g !== 'in-region');
  if (named.length > 0 && !named.includes('global')) {
    const union = new Set(named.flatMap((g) => geographyRegionsOf(catalog, g) ?? []));
    mine = new Set([...mine].filter((r) => union.has(r)));
  }
  const scope = profile.scope;
  if (identity.allowedProfiles !== undefined) {
    const own = scope.kind === 'geography' ? geographyRegionsOf(catalog, scope.geographyId) ?? [] : scope.kind === 'regions' ? scope.regionIds : undefined;
    if (own !== undefined) mine = new Set([...mine].filter((r) => own.includes(r)));
  }
  if (!mine.has(sourceRegionId) || (identity.sourceRegions !== undefined && !identity.sourceRegions.includes(sourceRegionId))) {
    return { refused: 'access_denied' };
  }
  let allowed: readonly string[];
  if (scope.kind === 'source-region') allowed = [sourceRegionId];
  else if (scope.kind === 'arn-region') {
    if (scope.regionId !== sourceRegionId) return { refused: 'invalid_request' };
    allowed = [sourceRegionId];
  } else if (scope.kind === 'regions') allowed = scope.regionIds;
  else {
    const regions = geographyRegionsOf(catalog, scope.geographyId);
    if (regions === undefined) return { refused: 'no_region_in_boundary' };
    allowed = [sourceRegionId, ...regions];
  }
  const permitted = new Set(allowed.filter((r) => catalog.regions.has(r) && mine.has(r)));
  const regions = new Set<string>();
  const unrestricted = isUnrestricted(world, permitted);
  for (const deployment of catalog.deployments) {
    if (deployment.modelId !== profile.modelId) continue;
    if (deployment.processingRegionIds.length === 0 && !unrestricted) continue;
    const reach = reachOf(deployment);
    if ([...reach].every((r) => permitted.has(r))) for (const r of reach) regions.add(r);
  }
  return regions.size === 0 ? { refused: 'no_region_in_boundary' } : { regions, unrestricted };
}

/**
 * A request nothing narrows, the only kind an unknown processing set may serve: a `global` profile, an identity
 * that names no geography but `global` (or none), and every configured region still permitted.
 */
function isUnrestricted(world: World, permitted: ReadonlySet<string>): boolean {
  const { catalog, profile, identity } = world;
  const named = (identity.allowedGeographies ?? []).filter((g) => g !== 'in-region');
  return profile.scope.kind === 'geography' && profile.scope.geographyId === 'global' &&
    (named.length === 0 || named.includes('global')) && [...catalog.regions.keys()].every((r) => permitted.has(r));
}

/** The expected boundary, or undefined when the request must be refused. */
export function expectedBoundary(world: World): Set<string> | undefined {
  const expected = expectation(world);
  return 'regions' in expected ? expected.regions : undefined;
}
