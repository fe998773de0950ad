import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment } from '../../src/catalog/catalog-types.js';
import { createRouter } from '../../src/routing/failover-dispatcher.js';
import { InMemoryCapacityStore } from '../../src/routing/in-memory-capacity-store.js';
import type { CapacityLease } from '../../src/routing/routing-contract.js';
import { ManualClock, euNovaProfile, europeCatalog } from './routing-test-kit.js';

function setup() {
  const clock = new ManualClock();
  const catalog = europeCatalog(8);
  const store = new InMemoryCapacityStore({ breaker: { failureThreshold: 3, openMs: 10_000 }, scheduleTimeout: clock.scheduleTimeout });
  const router = createRouter({
    catalog,
    store,
    options: { maxAttempts: 4, deadlineMs: 120_000, queue: { maxWaiting: 16, maxWaitMs: 2_000 } },
    now: clock.now,
    scheduleTimeout: clock.scheduleTimeout,
  });
  const inRegion = (regionId: string): Deployment => {
    const deployment = catalog.deployments.find((d) => d.regionId === regionId);
    assert.ok(deployment, regionId);
    return deployment;
  };
  const hold = async (regionId: string, count: number): Promise<CapacityLease[]> => {
    const leases: CapacityLease[] = [];
    for (let i = 0; i < count; i++) {
      const lease = await store.tryAcquire(inRegion(regionId), 100, clock.now());
      assert.ok(lease);
      leases.push(lease);
    }
    return leases;
  };
  const plan = (sourceRegionId = 'eu-central-1') => router.plan({ profile: euNovaProfile, sourceRegionId, estimatedTokens: 100 });
  return { clock, catalog, store, router, inRegion, hold, plan };
}

describe('route planner', () => {
  it('puts the source region first while it has headroom, then the nearest spillover regions', async () => {
    const { plan } = setup();
    const route = await plan();
    assert.deepEqual(route.boundary.length, 5);
    assert.deepEqual(
      route.candidates.map((c) => c.regionId),
      ['eu-central-1', 'eu-west-3', 'eu-south-1', 'eu-west-1', 'eu-north-1'],
    );
    assert.equal(route.candidates[0].reason, 'source region, headroom 1.00');
    assert.ok(route.candidates[0].isSourceRegion);
    assert.match(route.candidates[1].reason, /^spillover: nearest with headroom \(headroom 1\.00, 478 km from eu-central-1\)$/);
    assert.match(route.candidates[2].reason, /^spillover \(/);
  });

  it('never lists a region outside the boundary (London is not in the EU)', async () => {
    const { plan } = setup();
    const route = await plan('eu-central-1');
    assert.ok(route.candidates.every((c) => route.boundary.includes(c.regionId)));
    assert.ok(!route.candidates.some((c) => c.regionId === 'eu-west-2'));
  });

  it('moves a saturated source region behind the regions with headroom', async () => {
    const { plan, hold } = setup();
    await hold('eu-central-1', 8);
    const route = await plan();
    assert.equal(route.candidates[0].regionId, 'eu-west-3');
    assert.match(route.candidates[0].reason, /^spillover: nearest with headroom/);
    const source = route.candidates[route.candidates.length - 1];
    assert.equal(source.regionId, 'eu-central-1');
    assert.equal(source.headroom, 0);
    assert.equal(source.reason, 'source region, saturated: 8/8 in flight');
  });

  it('prefers more headroom over distance, in buckets', async () => {
    const { plan, hold } = setup();
    await hold('eu-central-1', 8);
    await hold('eu-west-3', 6); // headroom 0.25
    await hold('eu-south-1', 2); // headroom 0.75
    const route = await plan();
    assert.deepEqual(
      route.candidates.map((c) => c.regionId),
      ['eu-west-1', 'eu-north-1', 'eu-south-1', 'eu-west-3', 'eu-central-1'],
    );
  });

  it('refines distance with the observed time to first byte', async () => {
    const { plan, hold, store, inRegion, clock } = setup();
    await hold('eu-central-1', 8);
    await store.record(inRegion('eu-west-3'), { kind: 'success', latencyMs: 400 }, clock.now());
    const route = await plan();
    assert.equal(route.candidates[0].regionId, 'eu-south-1', 'a slow Paris loses to Milan');
    const paris = route.candidates.find((c) => c.regionId === 'eu-west-3');
    assert.equal(paris?.latencyMs, 400);
    assert.match(paris?.reason ?? '', /ttfb 400 ms/);
  });

  it('lists a throttled deployment with its Retry-After, and open breakers last', async () => {
    const { plan, store, inRegion, clock } = setup();
    await store.record(inRegion('eu-west-3'), { kind: 'throttled', retryAfterMs: 30_000 }, clock.now());
    for (let i = 0; i < 3; i++) await store.record(inRegion('eu-central-1'), { kind: 'failure' }, clock.now());
    const route = await plan();
    const regions = route.candidates.map((c) => c.regionId);
    assert.deepEqual(regions, ['eu-south-1', 'eu-west-1', 'eu-north-1', 'eu-west-3', 'eu-central-1']);
    assert.equal(route.candidates[3].reason, 'throttled (429) until 2026-01-01T00:00:30.000Z');
    assert.equal(route.candidates[4].breaker, 'open');
    assert.equal(route.candidates[4].reason, 'source region, breaker open until 2026-01-01T00:00:10.000Z after 3 consecutive failures');
  });

  it('puts a half-open source region back first, for its probe', async () => {
    const { plan, store, inRegion, clock } = setup();
    for (let i = 0; i < 3; i++) await store.record(inRegion('eu-central-1'), { kind: 'failure' }, clock.now());
    clock.advance(10_000);
    const route = await plan();
    assert.equal(route.candidates[0].regionId, 'eu-central-1');
    assert.equal(route.candidates[0].reason, 'source region, headroom 1.00, breaker half-open: one probe allowed');
  });

  it('narrows with accepts, never widens', async () => {
    const { router } = setup();
    const route = await router.plan({
      profile: euNovaProfile,
      sourceRegionId: 'eu-central-1',
      estimatedTokens: 100,
      accepts: (d) => d.regionId === 'eu-north-1' || d.regionId === 'eu-west-2',
    });
    assert.deepEqual(route.candidates.map((c) => c.regionId), ['eu-north-1']);
  });

  it('does not take capacity or send anything', async () => {
    const { plan, store, inRegion, clock } = setup();
    await plan();
    await plan();
    const snapshot = await store.snapshot(inRegion('eu-central-1'), clock.now());
    assert.equal(snapshot.inFlight, 0);
    assert.equal(snapshot.requestsLastMinute, 0);
  });

  it('fails closed like the boundary does', async () => {
    const { plan } = setup();
    await assert.rejects(plan('xx-nowhere-1'), { code: 'unknown_source_region' });
  });
});
