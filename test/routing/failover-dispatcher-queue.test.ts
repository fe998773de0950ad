import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GeorouteError } from '../../src/errors/error-catalog.js';
import type { AttemptRecord, CapacityLease, DispatchResult } from '../../src/routing/routing-contract.js';
import { UpstreamFailure } from '../../src/providers/upstream-contract.js';
import { setupDispatcher, totalInFlight } from './dispatcher-test-setup.js';
import { EU_REGIONS, eventually, settle } from './routing-test-kit.js';

async function saturateEu(setup: ReturnType<typeof setupDispatcher>): Promise<Map<string, CapacityLease[]>> {
  const held = new Map<string, CapacityLease[]>();
  for (const region of EU_REGIONS) held.set(region, await setup.hold(region, 8));
  return held;
}

const isCancelled = (error: unknown): boolean => error instanceof UpstreamFailure && error.kind === 'cancelled';

describe('failover dispatcher: queue', () => {
  it('waits when every region is saturated and goes where capacity is released', async () => {
    const setup = setupDispatcher();
    const held = await saturateEu(setup);
    let settled = false;
    const pending = setup.dispatch().finally(() => (settled = true));
    await settle();
    assert.equal(settled, false, 'queued, not refused');
    assert.deepEqual(setup.upstreams.calls, []);
    held.get('eu-north-1')?.[0].release();
    const result = await pending;
    assert.equal(result.deployment.regionId, 'eu-north-1');
  });

  it('answers no_capacity with a Retry-After once the wait runs out', async () => {
    const setup = setupDispatcher();
    await saturateEu(setup);
    const attempts: AttemptRecord[] = [];
    const pending = setup.dispatch({ attempts });
    const outcome = pending.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await settle();
    setup.clock.advance(1_999);
    await settle();
    setup.clock.advance(1);
    const error = await outcome;
    assert.ok(error instanceof GeorouteError);
    assert.equal(error.code, 'no_capacity');
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterSeconds, 1);
    assert.deepEqual(attempts, []);
  });

  it('refuses at once when the queue is full', async () => {
    const setup = setupDispatcher({ queue: { maxWaiting: 1, maxWaitMs: 2_000 } });
    const held = await saturateEu(setup);
    const first = setup.dispatch();
    await settle();
    await assert.rejects(setup.dispatch(), { code: 'no_capacity', retryAfterSeconds: 1 });
    held.get('eu-central-1')?.[0].release();
    assert.equal((await first).deployment.regionId, 'eu-central-1');
  });

  it('refuses at once with the Retry-After when every region is throttled for longer than the wait', async () => {
    const setup = setupDispatcher();
    for (const region of EU_REGIONS) {
      await setup.store.record(setup.inRegion(region), { kind: 'throttled', retryAfterMs: region === 'eu-west-1' ? 30_000 : 45_000 }, setup.clock.now());
    }
    await assert.rejects(setup.dispatch(), { code: 'no_capacity', retryAfterSeconds: 30 });
    assert.equal(setup.clock.pendingTimers, 0, 'no wait timer, no deadline timer left');
  });

  it('waits out a Retry-After that ends inside the wait, then sends', async () => {
    const setup = setupDispatcher();
    setup.upstreams.next('eu-central-1', new UpstreamFailure('throttled', 'slow down', { status: 429, retryAfterMs: 1_500 }));
    for (const region of EU_REGIONS.filter((r) => r !== 'eu-central-1')) {
      await setup.store.record(setup.inRegion(region), { kind: 'throttled', retryAfterMs: 60_000 }, setup.clock.now());
    }
    const attempts: AttemptRecord[] = [];
    const pending = setup.dispatch({ attempts });
    await eventually(() => attempts.length === 1, 'first attempt');
    await settle();
    setup.clock.advance(1_500);
    const result = await pending;
    assert.equal(result.deployment.regionId, 'eu-central-1');
    assert.deepEqual(attempts.map((a) => a.outcome), ['throttled', 'success']);
  });

  it('answers upstream_unavailable with a Retry-After when every breaker is open', async () => {
    const setup = setupDispatcher();
    for (const region of EU_REGIONS) {
      for (let i = 0; i < 3; i++) await setup.store.record(setup.inRegion(region), { kind: 'failure' }, setup.clock.now());
    }
    await assert.rejects(setup.dispatch(), { code: 'upstream_unavailable', retryAfterSeconds: 10 });
    assert.deepEqual(setup.upstreams.calls, []);
  });

  it('spreads 40 concurrent requests from eu-central-1 over the five EU regions, 8 each (docs/routing.md)', async () => {
    const setup = setupDispatcher();
    for (const region of EU_REGIONS) setup.upstreams.always(region, 'hang');
    const controllers: AbortController[] = [];
    const results: Array<Promise<DispatchResult<string>>> = [];
    for (let i = 0; i < 40; i++) {
      const controller = new AbortController();
      controllers.push(controller);
      results.push(setup.dispatch({ signal: controller.signal }));
      await settle();
    }
    const perRegion = new Map<string, number>();
    for (const region of setup.upstreams.calls) perRegion.set(region, (perRegion.get(region) ?? 0) + 1);
    assert.deepEqual(Object.fromEntries(perRegion), Object.fromEntries(EU_REGIONS.map((r) => [r, 8])));
    assert.deepEqual(setup.upstreams.calls.slice(0, 16), [
      ...Array<string>(8).fill('eu-central-1'),
      'eu-west-3', 'eu-west-3', 'eu-south-1', 'eu-south-1', 'eu-west-1', 'eu-west-1', 'eu-north-1', 'eu-north-1',
    ]);
    const extra = setup.dispatch().then(() => 'sent', (error: unknown) => (error as GeorouteError).code);
    await settle();
    setup.clock.advance(2_000);
    assert.equal(await extra, 'no_capacity', 'the 41st waits in the queue, then gets a 429');
    for (const controller of controllers) controller.abort();
    for (const result of results) await assert.rejects(result, isCancelled);
    assert.equal(await totalInFlight(setup), 0);
  });
});

describe('failover dispatcher: deadline and cancellation', () => {
  it('answers model_timeout at the deadline, aborts the attempt and releases its capacity', async () => {
    const setup = setupDispatcher({ deadlineMs: 5_000 });
    setup.upstreams.always('eu-central-1', 'hang');
    const attempts: AttemptRecord[] = [];
    const outcome = setup.dispatch({ attempts }).then(() => 'resolved', (error: unknown) => error);
    await eventually(() => setup.upstreams.calls.length === 1, 'attempt started');
    setup.clock.advance(4_999);
    await settle();
    assert.equal(setup.upstreams.signals[0].aborted, false);
    setup.clock.advance(1);
    const error = await outcome;
    assert.ok(error instanceof GeorouteError);
    assert.equal(error.code, 'model_timeout');
    assert.equal(setup.upstreams.signals[0].aborted, true);
    assert.deepEqual(attempts.map((a) => a.outcome), ['timeout']);
    assert.equal(await totalInFlight(setup), 0);
    assert.equal((await setup.snapshot('eu-central-1')).consecutiveFailures, 0, 'the routing deadline is not a breaker failure');
  });

  it('gives up at the deadline even when the adapter ignores its signal', async () => {
    const setup = setupDispatcher({ deadlineMs: 5_000 });
    setup.upstreams.always('eu-central-1', 'ignore-abort');
    const outcome = setup.dispatch().then(() => 'resolved', (error: unknown) => (error as GeorouteError).code);
    await eventually(() => setup.upstreams.calls.length === 1, 'attempt started');
    setup.clock.advance(5_000);
    assert.equal(await outcome, 'model_timeout');
    assert.equal(await totalInFlight(setup), 0);
  });

  it('stops on client abort during an attempt and gives the capacity back', async () => {
    const setup = setupDispatcher();
    setup.upstreams.always('eu-central-1', 'hang');
    const controller = new AbortController();
    const attempts: AttemptRecord[] = [];
    const pending = setup.dispatch({ signal: controller.signal, attempts });
    await eventually(() => setup.upstreams.calls.length === 1, 'attempt started');
    assert.equal(await totalInFlight(setup), 1);
    controller.abort();
    await assert.rejects(pending, isCancelled);
    assert.deepEqual(attempts.map((a) => a.outcome), ['cancelled']);
    assert.equal(await totalInFlight(setup), 0);
    assert.deepEqual(setup.upstreams.calls, ['eu-central-1'], 'no failover after a client abort');
    assert.equal(setup.clock.pendingTimers, 0, 'deadline timer cancelled');
  });

  it('with a cancellation hold, keeps a cancelled attempt\'s slot a while and learns nothing from 429s meanwhile', async () => {
    const setup = setupDispatcher({ cancelHoldMs: 250 });
    setup.upstreams.always('eu-central-1', 'hang');
    const controller = new AbortController();
    const pending = setup.dispatch({ signal: controller.signal, attempts: [] });
    await eventually(() => setup.upstreams.calls.length === 1, 'attempt started');
    controller.abort();
    await assert.rejects(pending, isCancelled);
    assert.equal((await setup.snapshot('eu-central-1')).inFlight, 1, 'the upstream may still be working on it');

    // The upstream still counts the cancelled request: its 429 is not evidence of a lower limit.
    setup.upstreams.always('eu-central-1', new UpstreamFailure('throttled', '429', { status: 429, retryAfterMs: 5_000 }));
    const next = await setup.dispatch({ attempts: [] });
    assert.equal(next.deployment.regionId, 'eu-west-3', 'failed over');
    next.lease.release();
    const frankfurt = await setup.snapshot('eu-central-1');
    assert.equal(frankfurt.learnedMaxConcurrent, 8, 'learned concurrency unchanged');
    assert.equal(frankfurt.throttledUntil, 0, 'no cool-down');

    setup.clock.advance(250);
    assert.equal((await setup.snapshot('eu-central-1')).inFlight, 0, 'given back after the hold');
    setup.clock.advance(250);
    const later = await setup.dispatch({ attempts: [] });
    later.lease.release();
    assert.ok((await setup.snapshot('eu-central-1')).throttledUntil > 0, 'once the hold is over, a 429 teaches again');
  });

  it('stops on client abort while queued, without any attempt', async () => {
    const setup = setupDispatcher();
    await saturateEu(setup);
    const controller = new AbortController();
    const pending = setup.dispatch({ signal: controller.signal });
    await settle();
    controller.abort();
    await assert.rejects(pending, isCancelled);
    assert.deepEqual(setup.upstreams.calls, []);
    assert.equal(setup.clock.pendingTimers, 0);
  });

  it('does nothing for an already aborted request', async () => {
    const setup = setupDispatcher();
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(setup.dispatch({ signal: controller.signal }), isCancelled);
    assert.deepEqual(setup.upstreams.calls, []);
  });

  it('stops the deadline after success but keeps the client abort linked to the winning attempt', async () => {
    const setup = setupDispatcher({ deadlineMs: 5_000 });
    const controller = new AbortController();
    const result = await setup.dispatch({ signal: controller.signal });
    assert.equal(setup.clock.pendingTimers, 0);
    setup.clock.advance(60_000);
    assert.equal(setup.upstreams.signals[0].aborted, false, 'a long stream outlives the routing deadline');
    controller.abort();
    assert.equal(setup.upstreams.signals[0].aborted, true);
    result.lease.release(1);
  });

  it('aborts the signal of a failed attempt so its adapter can clean up', async () => {
    const setup = setupDispatcher();
    setup.upstreams.next('eu-central-1', new UpstreamFailure('unavailable', 'reset'));
    await setup.dispatch();
    assert.equal(setup.upstreams.signals[0].aborted, true);
    assert.equal(setup.upstreams.signals[1].aborted, false);
  });
});
