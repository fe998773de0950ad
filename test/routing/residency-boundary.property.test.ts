import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GeorouteError } from '../../src/errors/error-catalog.js';
import { residencyBoundary } from '../../src/routing/residency-boundary.js';
import { expectedBoundary, worldArbitrary, type World } from './routing-arbitraries.js';

function boundaryOrError(world: World): readonly string[] | GeorouteError {
  try {
    return residencyBoundary(world.catalog, world.profile, world.sourceRegionId);
  } catch (error) {
    assert.ok(error instanceof GeorouteError, `only GeorouteErrors, got ${String(error)}`);
    return error;
  }
}

describe('residencyBoundary (property-based)', () => {
  it('is exactly the allowed regions that deploy the model, or a fail-closed error', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const expected = expectedBoundary(world);
        const actual = boundaryOrError(world);
        if (expected === undefined || expected.size === 0) {
          assert.ok(actual instanceof GeorouteError, 'must refuse');
          assert.ok(['no_region_in_boundary', 'unknown_source_region'].includes(actual.code));
          assert.ok(actual.message.includes(world.profile.id), 'the message names the profile');
          assert.ok(actual.message.includes(world.sourceRegionId), 'the message names the source region');
          return;
        }
        assert.ok(Array.isArray(actual), `unexpected ${String(actual)}`);
        assert.deepEqual(new Set(actual), expected);
        assert.equal(new Set(actual).size, actual.length, 'no duplicates');
      }),
      { numRuns: 500 },
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
        fc.pre(world.profile.scope.kind === 'source-region');
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
