import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GeorouteError } from '../../src/errors/error-catalog.js';
import { residencyBoundary } from '../../src/routing/residency-boundary.js';
import { InMemoryCapacityStore } from '../../src/routing/in-memory-capacity-store.js';
import { defaultPlannerOptions, planRoute } from '../../src/routing/route-planner.js';
import { expectation, reachOf, worldArbitrary, type World } from './routing-arbitraries.js';
import { deploymentInsideBoundary, type ResidencyBoundary } from '../../src/routing/residency-boundary.js';

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
        assert.equal((actual as ResidencyBoundary).unrestricted === true, expected.unrestricted, 'unrestricted exactly when nothing narrows the request');
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
        const unrestricted = (actual as ResidencyBoundary).unrestricted === true;
        for (const deployment of world.catalog.deployments) {
          const reach = [...reachOf(deployment)];
          const known = deployment.processingRegionIds.length > 0;
          assert.equal(deploymentInsideBoundary(actual, deployment), (known || unrestricted) && reach.every((r) => actual.includes(r)));
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

  it('never makes a candidate of a deployment whose processing set leaves the boundary (Data Zone, multi-region, global)', async () => {
    await fc.assert(
      fc.asyncProperty(worldArbitrary, async (world) => {
        const actual = boundaryOrError(world);
        if (!Array.isArray(actual)) return;
        const store = new InMemoryCapacityStore({ breaker: { failureThreshold: 5, openMs: 10_000 } });
        const plan = await planRoute({ catalog: world.catalog, store, options: defaultPlannerOptions }, actual, {
          profile: world.profile, sourceRegionId: world.sourceRegionId, estimatedTokens: 1,
        }, 0);
        for (const { deployment } of plan.candidates) {
          assert.ok(deployment.processingRegionIds.every((r) => actual.includes(r)), `${deployment.id} processes in [${deployment.processingRegionIds}], outside [${actual}]`);
          if (deployment.processingRegionIds.length === 0) {
            assert.equal(world.profile.scope.kind === 'geography' && world.profile.scope.geographyId, 'global', `${deployment.id}: an unknown processing set only for global`);
            assert.equal((actual as ResidencyBoundary).unrestricted, true);
          }
        }
        const expected = expectation(world);
        const servable = world.catalog.deployments.filter((d) => d.modelId === world.profile.modelId && (d.processingRegionIds.length > 0 || ('unrestricted' in expected && expected.unrestricted)) &&
          [...reachOf(d)].every((r) => actual.includes(r)));
        assert.deepEqual(new Set(plan.candidates.map((c) => c.deployment.id)), new Set(servable.map((d) => d.id)), 'every deployment inside, and only those');
      }),
      { numRuns: 300 },
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
