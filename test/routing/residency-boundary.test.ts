import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GeorouteError } from '../../src/errors/error-catalog.js';
import { assertInsideBoundary, residencyBoundary } from '../../src/routing/residency-boundary.js';
import { EU_REGIONS, NOVA, buildCatalog, euNovaProfile, europeCatalog, europeanRegions, makeProfile } from './routing-test-kit.js';

const catalog = europeCatalog();
const sorted = (regions: readonly string[]): string[] => [...regions].sort();

function assertGeorouteError(fn: () => unknown, code: string, ...fragments: string[]): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof GeorouteError, `expected a GeorouteError, got ${String(error)}`);
    assert.equal(error.code, code);
    for (const fragment of fragments) assert.ok(error.message.includes(fragment), `"${error.message}" should mention ${fragment}`);
    return true;
  });
}

describe('residencyBoundary', () => {
  it('keeps a source-region profile in the source region', () => {
    const bare = makeProfile(NOVA, NOVA, { kind: 'source-region' });
    assert.deepEqual(residencyBoundary(catalog, bare, 'eu-west-1'), ['eu-west-1']);
  });

  it('gives the EU geography to an EU caller, source region first, without London', () => {
    const boundary = residencyBoundary(catalog, euNovaProfile, 'eu-central-1');
    assert.equal(boundary[0], 'eu-central-1');
    assert.deepEqual(sorted(boundary), sorted(EU_REGIONS));
    assert.ok(!boundary.includes('eu-west-2'), 'London is not in the EU geography');
  });

  it('lets a London caller of the EU profile also run in London (its own region), as Bedrock does', () => {
    const boundary = residencyBoundary(catalog, euNovaProfile, 'eu-west-2');
    assert.equal(boundary[0], 'eu-west-2');
    assert.deepEqual(sorted(boundary), sorted([...EU_REGIONS, 'eu-west-2']));
  });

  it('includes London in the europe geography', () => {
    const europe = makeProfile(`europe.${NOVA}`, NOVA, { kind: 'geography', geographyId: 'europe' });
    assert.deepEqual(sorted(residencyBoundary(catalog, europe, 'eu-central-1')), sorted([...EU_REGIONS, 'eu-west-2']));
  });

  it('adds a caller from outside the geography (us-east-1) and nothing else', () => {
    const boundary = residencyBoundary(catalog, euNovaProfile, 'us-east-1');
    assert.deepEqual(sorted(boundary), sorted([...EU_REGIONS, 'us-east-1']));
  });

  it('treats an unconfigured global geography as every region', () => {
    const global = makeProfile(`global.${NOVA}`, NOVA, { kind: 'geography', geographyId: 'global' });
    assert.deepEqual(sorted(residencyBoundary(catalog, global, 'eu-central-1')), sorted(europeanRegions.map(([id]) => id)));
  });

  it('lets a configured global geography narrow "every region"', () => {
    const narrowed = buildCatalog({
      regions: europeanRegions,
      geographies: { global: ['eu-west-1', 'us-east-1'] },
      deployments: europeanRegions.map(([region]) => ({ model: NOVA, region })),
    });
    const global = makeProfile(`global.${NOVA}`, NOVA, { kind: 'geography', geographyId: 'global' });
    assert.deepEqual(sorted(residencyBoundary(narrowed, global, 'eu-west-1')), ['eu-west-1', 'us-east-1']);
  });

  it('keeps a regions profile to exactly its regions, even when the caller is elsewhere', () => {
    const app = makeProfile('app-1', NOVA, { kind: 'regions', regionIds: ['eu-west-3', 'eu-south-1'] });
    assert.deepEqual(residencyBoundary(catalog, app, 'eu-central-1'), ['eu-west-3', 'eu-south-1']);
  });

  it('drops unknown region ids of a regions profile instead of trusting them', () => {
    const app = makeProfile('app-2', NOVA, { kind: 'regions', regionIds: ['mars-1', 'eu-west-3'] });
    assert.deepEqual(residencyBoundary(catalog, app, 'eu-central-1'), ['eu-west-3']);
  });

  it('intersects with the regions that deploy the model', () => {
    const sparse = buildCatalog({
      regions: europeanRegions,
      geographies: { eu: EU_REGIONS },
      deployments: [
        { model: NOVA, region: 'eu-west-1' },
        { model: NOVA, region: 'us-east-1' },
        { model: 'other', region: 'eu-central-1' },
      ],
    });
    assert.deepEqual(residencyBoundary(sparse, euNovaProfile, 'eu-central-1'), ['eu-west-1']);
    assert.deepEqual(residencyBoundary(sparse, euNovaProfile, 'us-east-1'), ['us-east-1', 'eu-west-1']);
  });

  it('fails closed when nothing inside the boundary deploys the model', () => {
    const onlyUs = buildCatalog({
      regions: europeanRegions,
      geographies: { eu: EU_REGIONS },
      deployments: [{ model: NOVA, region: 'us-east-1' }],
    });
    assertGeorouteError(() => residencyBoundary(onlyUs, euNovaProfile, 'eu-central-1'), 'no_region_in_boundary', euNovaProfile.id, 'eu-central-1');
    const bare = makeProfile(NOVA, NOVA, { kind: 'source-region' });
    assertGeorouteError(() => residencyBoundary(onlyUs, bare, 'eu-west-1'), 'no_region_in_boundary', NOVA, 'eu-west-1');
  });

  it('fails closed on an empty regions profile', () => {
    const empty = makeProfile('app-empty', NOVA, { kind: 'regions', regionIds: [] });
    assertGeorouteError(() => residencyBoundary(catalog, empty, 'eu-central-1'), 'no_region_in_boundary', 'app-empty');
  });

  it('fails closed on an unknown geography', () => {
    const apac = makeProfile(`apac.${NOVA}`, NOVA, { kind: 'geography', geographyId: 'apac' });
    assertGeorouteError(() => residencyBoundary(catalog, apac, 'eu-central-1'), 'no_region_in_boundary', 'apac', 'eu-central-1');
  });

  it('fails closed on an unknown source region, whatever the scope', () => {
    const bare = makeProfile(NOVA, NOVA, { kind: 'source-region' });
    for (const profile of [bare, euNovaProfile]) {
      assertGeorouteError(() => residencyBoundary(catalog, profile, 'xx-nowhere-1'), 'unknown_source_region', 'xx-nowhere-1');
    }
  });

  it('fails closed on a scope kind it does not know', () => {
    const odd = { ...euNovaProfile, scope: { kind: 'anywhere' } } as unknown as typeof euNovaProfile;
    assertGeorouteError(() => residencyBoundary(catalog, odd, 'eu-central-1'), 'no_region_in_boundary', 'anywhere');
  });

  it('returns a frozen list', () => {
    assert.ok(Object.isFrozen(residencyBoundary(catalog, euNovaProfile, 'eu-central-1')));
  });
});

describe('assertInsideBoundary', () => {
  const london = catalog.deployments.find((d) => d.regionId === 'eu-west-2');
  const paris = catalog.deployments.find((d) => d.regionId === 'eu-west-3');

  it('lets a deployment inside the boundary through', () => {
    assert.ok(paris);
    assertInsideBoundary(residencyBoundary(catalog, euNovaProfile, 'eu-central-1'), paris);
  });

  it('refuses a deployment outside the boundary', () => {
    assert.ok(london);
    const boundary = residencyBoundary(catalog, euNovaProfile, 'eu-central-1');
    assertGeorouteError(() => assertInsideBoundary(boundary, london), 'internal', 'eu-west-2', 'outside the residency boundary');
  });
});
