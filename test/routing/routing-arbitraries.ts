/**
 * fast-check generators for the routing property tests: random small worlds (regions, geographies, models,
 * deployments), profile scopes and source regions, and an independent statement of where a request may go.
 * Not a test file itself.
 */
import fc from 'fast-check';
import type { Catalog, InferenceProfile, ProfileScope } from '../../src/catalog/catalog-types.js';
import { buildCatalog, makeProfile } from './routing-test-kit.js';

const REGION_POOL = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'] as const;
const GEOGRAPHY_POOL = ['g0', 'g1', 'g2', 'global'] as const;
const MODELS = ['m0', 'm1'] as const;

export interface World {
  catalog: Catalog;
  profile: InferenceProfile;
  sourceRegionId: string;
  regionIds: readonly string[];
}

export const worldArbitrary: fc.Arbitrary<World> = fc.integer({ min: 1, max: REGION_POOL.length }).chain((count) => {
  const regionIds = REGION_POOL.slice(0, count);
  const scope: fc.Arbitrary<ProfileScope> = fc.oneof(
    fc.constant<ProfileScope>({ kind: 'source-region' }),
    fc
      .oneof({ weight: 9, arbitrary: fc.constantFrom(...GEOGRAPHY_POOL) }, { weight: 1, arbitrary: fc.constant('unknown-geo') })
      .map((geographyId): ProfileScope => ({ kind: 'geography', geographyId })),
    fc.subarray([...regionIds, 'zz-unknown']).map((ids): ProfileScope => ({ kind: 'regions', regionIds: ids })),
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
        }),
        { selector: (d) => `${d.model}@${d.region}#${d.replica}`, minLength: 1, maxLength: 16 },
      ),
      scope,
      model: fc.constantFrom(...MODELS),
      sourceRegionId: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...regionIds) }, { weight: 1, arbitrary: fc.constant('zz-unknown') }),
    })
    .map(({ coordinates, geographies, deployments, scope: profileScope, model, sourceRegionId }) => ({
      catalog: buildCatalog({
        regions: regionIds.map((id, i) => [id, coordinates[i][0], coordinates[i][1]] as const),
        geographies: definedOnly(geographies),
        deployments: deployments.map((d) => ({ ...d, id: `${d.model}@${d.region}#${d.replica}` })),
      }),
      profile: makeProfile(`p.${model}`, model, profileScope),
      sourceRegionId,
      regionIds,
    }));
});

function definedOnly(geographies: Partial<Record<string, readonly string[]>>): Record<string, readonly string[]> {
  const defined: Record<string, readonly string[]> = {};
  for (const [id, regionIds] of Object.entries(geographies)) if (regionIds !== undefined) defined[id] = regionIds;
  return defined;
}

/**
 * Where a request may be processed, stated independently of the implementation: undefined when the request
 * must be refused outright (unknown source region or geography); otherwise the allowed regions that deploy the
 * profile's model (possibly none, which must also be refused).
 */
export function expectedBoundary(world: World): Set<string> | undefined {
  const { catalog, profile, sourceRegionId } = world;
  if (!catalog.regions.has(sourceRegionId)) return undefined;
  let allowed: string[];
  const scope = profile.scope;
  if (scope.kind === 'source-region') allowed = [sourceRegionId];
  else if (scope.kind === 'regions') allowed = [...scope.regionIds];
  else {
    const geography = catalog.geographies.get(scope.geographyId);
    if (geography === undefined && scope.geographyId !== 'global') return undefined;
    allowed = [sourceRegionId, ...(geography?.regionIds ?? [...catalog.regions.keys()])];
  }
  const deployed = new Set(catalog.deployments.filter((d) => d.modelId === profile.modelId).map((d) => d.regionId));
  return new Set(allowed.filter((r) => catalog.regions.has(r) && deployed.has(r)));
}
