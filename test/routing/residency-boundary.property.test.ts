import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GeorouteError } from '../../src/errors/error-catalog.js';
import { residencyBoundary } from '../../src/routing/residency-boundary.js';
import { expectation, reachOf, worldArbitrary, type World } from './routing-arbitraries.js';
import { deploymentInsideBoundary } from '../../src/routing/residency-boundary.js';

function boundaryOrError(world: World): readonly string[] | GeorouteError {
  try {
    return residencyBoundary(world.catalog, world.profile, world.sourceRegionId, world.identity);
  } catch (error) {
    assert.ok(error instanceof GeorouteError, `only GeorouteErrors, got ${String(error)}`);
    return error;
  }
}

describe('residencyBoundary (property-based)', () => {
  it('is exactly the allowed regions that deploy the model, or a fail-closed error', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const expected = expectation(world);
        const actual = boundaryOrError(world);
        if ('refused' in expected) {
          assert.ok(actual instanceof GeorouteError, `must refuse with ${expected.refused}`);
          assert.equal(actual.code, expected.refused);
          if (actual.code !== 'invalid_request') assert.ok(actual.message.includes(world.profile.id), 'the message names the profile');
          assert.ok(actual.message.includes(world.sourceRegionId), 'the message names the source region');
          return;
        }
        assert.ok(Array.isArray(actual), `unexpected ${String(actual)}`);
        assert.deepEqual(new Set(actual), expected.regions);
        assert.equal(new Set(actual).size, actual.length, 'no duplicates');
      }),
      { numRuns: 800 },
    );
  });

  it('stays inside what the identity may use, and puts the claimed source region first when it is inside', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const actual = boundaryOrError(world);
        if (!Array.isArray(actual)) return;
        const { identity, sourceRegionId } = world;
        assert.ok(identity.sourceRegions === undefined || identity.sourceRegions.includes(sourceRegionId), 'a claim outside sourceRegions is refused');
        const named = (identity.allowedGeographies ?? []).filter((g) => g !== 'in-region');
        if (named.length > 0 && !named.includes('global')) {
          const union = new Set(named.flatMap((g) => world.catalog.geographies.get(g)?.regionIds ?? []));
          for (const region of [sourceRegionId, ...actual]) assert.ok(union.has(region), `${region} is outside [${named}]`);
        }
        if (actual.includes(sourceRegionId) && world.profile.scope.kind !== 'regions') assert.equal(actual[0], sourceRegionId);
      }),
      { numRuns: 500 },
    );
  });

  it('admits a deployment only when every region it reaches is inside', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const actual = boundaryOrError(world);
        if (!Array.isArray(actual)) return;
        for (const deployment of world.catalog.deployments) {
          const reach = [...reachOf(deployment)];
          assert.equal(deploymentInsideBoundary(actual, deployment), reach.every((r) => actual.includes(r)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('stays inside the geography plus the source region', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const { scope } = world.profile;
        const actual = boundaryOrError(world);
        if (!Array.isArray(actual) || scope.kind !== 'geography') return;
        const geography = world.catalog.geographies.get(scope.geographyId);
        const allowed = new Set([world.sourceRegionId, ...(geography?.regionIds ?? world.regionIds)]);
        for (const region of actual) assert.ok(allowed.has(region), `${region} is outside ${scope.geographyId} + source`);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a source-region profile in the source region only', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        fc.pre(world.profile.scope.kind === 'source-region' || world.profile.scope.kind === 'arn-region');
        const actual = boundaryOrError(world);
        if (Array.isArray(actual)) assert.deepEqual(actual, [world.sourceRegionId]);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a regions profile to its listed regions, never adding the source region', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const { scope } = world.profile;
        fc.pre(scope.kind === 'regions');
        const actual = boundaryOrError(world);
        if (Array.isArray(actual) && scope.kind === 'regions') {
          for (const region of actual) assert.ok(scope.regionIds.includes(region));
        }
      }),
      { numRuns: 300 },
    );
  });
});
