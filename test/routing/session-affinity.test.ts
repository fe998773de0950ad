import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptRecord } from '../../src/routing/routing-contract.js';
import { defaultPlannerOptions, planRoute } from '../../src/routing/route-planner.js';
import { SessionAffinity, sessionAffinityKey } from '../../src/routing/session-affinity.js';
import { parseSessionIdHeader } from '../../src/routing/session-id-header.js';
import { setupDispatcher, throttled, unavailable } from './dispatcher-test-setup.js';
import { NOVA, euNovaProfile, makeProfile } from './routing-test-kit.js';

const session = (sessionId: string, callerId = 'api-key:team-a') => ({ callerId, sessionId });

/** Lands session `s-1` in Paris by filling Frankfurt (the source region) first, then frees Frankfurt. */
async function sessionInParis(setup: ReturnType<typeof setupDispatcher>): Promise<void> {
  const held = await setup.hold('eu-central-1', 8);
  const first = await setup.dispatch({ session: session('s-1') });
  assert.equal(first.deployment.regionId, 'eu-west-3');
  assert.equal(first.affinity, 'miss');
  first.lease.release(100);
  for (const lease of held) lease.release(100);
}

describe('session affinity memory', () => {
  it('remembers the last deployment and forgets it after the idle time', () => {
    const sessions = new SessionAffinity({ maxSessions: 10, idleMs: 1_000 });
    sessions.remember('a', 'd1', 0);
    assert.equal(sessions.lookup('a', 1_000), 'd1');
    sessions.remember('a', 'd2', 1_000);
    assert.equal(sessions.lookup('a', 2_000), 'd2', 'the idle time restarts with each use');
    assert.equal(sessions.lookup('a', 2_001), undefined);
    assert.equal(sessions.size, 0, 'an expired session is dropped');
  });

  it('is bounded: the least recently used session goes first, idle ones before that', () => {
    const sessions = new SessionAffinity({ maxSessions: 3, idleMs: 60_000 });
    for (const key of ['a', 'b', 'c']) sessions.remember(key, `d-${key}`, 0);
    sessions.remember('a', 'd-a', 1);
    sessions.remember('d', 'd-d', 2);
    assert.equal(sessions.size, 3);
    assert.equal(sessions.lookup('b', 3), undefined, 'b was the least recently used');
    assert.equal(sessions.lookup('a', 3), 'd-a');
    sessions.remember('e', 'd-e', 60_010);
    assert.equal(sessions.size, 1, 'sessions idle for longer than idleMs are swept when another is remembered');
    for (let i = 0; i < 1_000; i++) sessions.remember(`k${i}`, 'd', 60_020);
    assert.equal(sessions.size, 3);
  });

  it('keeps callers and profiles apart', () => {
    assert.notEqual(sessionAffinityKey('api-key:a', 'p', 's'), sessionAffinityKey('api-key:b', 'p', 's'));
    assert.notEqual(sessionAffinityKey('api-key:a', 'p', 's'), sessionAffinityKey('api-key:a', 'q', 's'));
  });
});

describe('x-georoute-session-id', () => {
  it('accepts 1-128 characters of [A-Za-z0-9._:-] and refuses anything else, naming the header', () => {
    assert.equal(parseSessionIdHeader(undefined), undefined);
    assert.equal(parseSessionIdHeader('conv:42_a-b.c'), 'conv:42_a-b.c');
    assert.equal(parseSessionIdHeader('x'.repeat(128)), 'x'.repeat(128));
    for (const bad of ['', 'x'.repeat(129), 'a b', 'a/b', 'é', 'a\u0000']) {
      assert.throws(() => parseSessionIdHeader(bad), (e: unknown) => {
        assert.ok(e instanceof Error && 'code' in e && e.code === 'invalid_request');
        assert.match(e.message, /x-georoute-session-id/);
        return true;
      });
    }
  });
});

describe('failover dispatcher: session affinity', () => {
  it('keeps a session on its deployment while it has headroom, ahead of the source region', async () => {
    const setup = setupDispatcher();
    await sessionInParis(setup);
    const attempts: AttemptRecord[] = [];
    const again = await setup.dispatch({ session: session('s-1'), attempts });
    assert.equal(again.deployment.regionId, 'eu-west-3');
    assert.equal(again.affinity, 'hit');
    assert.deepEqual(attempts.map((a) => a.regionId), ['eu-west-3'], 'went there first');
    again.lease.release(100);
    const other = await setup.dispatch({ session: session('s-2') });
    assert.equal(other.deployment.regionId, 'eu-central-1', 'another session plans as before');
    const none = await setup.dispatch();
    assert.equal(none.deployment.regionId, 'eu-central-1', 'without a session nothing changes');
    assert.equal(none.affinity, undefined);
    const sameIdOtherCaller = await setup.dispatch({ session: session('s-1', 'api-key:team-b') });
    assert.equal(sameIdOtherCaller.deployment.regionId, 'eu-central-1', 'session ids are per caller');
  });

  it('moves the session when its deployment is saturated, and then stays on the new one', async () => {
    const setup = setupDispatcher();
    await sessionInParis(setup);
    const held = await setup.hold('eu-west-3', 8);
    const moved = await setup.dispatch({ session: session('s-1') });
    assert.equal(moved.deployment.regionId, 'eu-central-1');
    assert.equal(moved.affinity, 'miss');
    moved.lease.release(100);
    for (const lease of held) lease.release(100);
    const after = await setup.dispatch({ session: session('s-1') });
    assert.equal(after.deployment.regionId, 'eu-central-1', 'Paris is free again, but the session moved');
    assert.equal(after.affinity, 'hit');
  });

  it('moves the session when its deployment breaker is open', async () => {
    const setup = setupDispatcher();
    await sessionInParis(setup);
    for (let i = 0; i < 3; i++) await setup.store.record(setup.inRegion('eu-west-3'), { kind: 'failure' }, setup.clock.now());
    assert.equal((await setup.snapshot('eu-west-3')).breaker, 'open');
    const attempts: AttemptRecord[] = [];
    const moved = await setup.dispatch({ session: session('s-1'), attempts });
    assert.equal(moved.deployment.regionId, 'eu-central-1');
    assert.deepEqual(attempts.map((a) => a.regionId), ['eu-central-1']);
  });

  it('moves the session when its deployment is throttled, before or during the attempt', async () => {
    const setup = setupDispatcher();
    await sessionInParis(setup);
    await setup.store.record(setup.inRegion('eu-west-3'), { kind: 'throttled', retryAfterMs: 5_000 }, setup.clock.now());
    const moved = await setup.dispatch({ session: session('s-1') });
    assert.equal(moved.deployment.regionId, 'eu-central-1');
    moved.lease.release(100);

    const live = setupDispatcher();
    await sessionInParis(live);
    live.upstreams.next('eu-west-3', throttled(5_000));
    const attempts: AttemptRecord[] = [];
    const failedOver = await live.dispatch({ session: session('s-1'), attempts });
    assert.deepEqual(attempts.map((a) => `${a.regionId}:${a.outcome}`), ['eu-west-3:throttled', 'eu-central-1:success']);
    assert.equal(failedOver.affinity, 'miss');
    failedOver.lease.release(100);
    live.clock.advance(10_000);
    const stays = await live.dispatch({ session: session('s-1') });
    assert.equal(stays.deployment.regionId, 'eu-central-1', 'the session followed the failover');
  });

  it('fails over from a failing session deployment like from any other', async () => {
    const setup = setupDispatcher();
    await sessionInParis(setup);
    setup.upstreams.next('eu-west-3', unavailable());
    const result = await setup.dispatch({ session: session('s-1') });
    assert.equal(result.deployment.regionId, 'eu-central-1');
  });

  it('never takes a session outside the boundary of the request', async () => {
    const setup = setupDispatcher();
    const bare = makeProfile(NOVA, NOVA, { kind: 'source-region' });
    // Seed the memory as if this caller's session for the bare model had run in Frankfurt.
    const first = await setup.dispatch({ profile: bare, session: session('s-1') });
    assert.equal(first.deployment.regionId, 'eu-central-1');
    first.lease.release(100);
    // From Paris the bare model may run only in Paris: the remembered Frankfurt deployment is not a candidate.
    const attempts: AttemptRecord[] = [];
    const fromParis = await setup.dispatch({ profile: bare, sourceRegionId: 'eu-west-3', session: session('s-1'), attempts });
    assert.deepEqual(attempts.map((a) => a.regionId), ['eu-west-3']);
    assert.equal(fromParis.affinity, 'miss');
  });

  it('explains the order, and plan() (explain) takes no session', async () => {
    const setup = setupDispatcher();
    await sessionInParis(setup);
    const plan = await setup.router.plan({ profile: euNovaProfile, sourceRegionId: 'eu-central-1', estimatedTokens: 100 });
    assert.equal(plan.candidates[0].regionId, 'eu-central-1');
    assert.ok(plan.candidates.every((c) => !c.reason.includes('session')));
    const paris = setup.inRegion('eu-west-3');
    const sticky = await planRoute(
      { catalog: setup.catalog, store: setup.store, options: defaultPlannerOptions },
      plan.boundary,
      { profile: euNovaProfile, sourceRegionId: 'eu-central-1', estimatedTokens: 100 },
      setup.clock.now(),
      paris.id,
    );
    assert.equal(sticky.candidates[0].regionId, 'eu-west-3');
    assert.match(sticky.candidates[0].reason, /^session affinity: served this session last \(headroom/);
    assert.match(sticky.candidates[1].reason, /^source region/);
  });
});
