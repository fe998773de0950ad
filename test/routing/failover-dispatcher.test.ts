import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GeorouteError } from '../../src/errors/error-catalog.js';
import type { AttemptRecord } from '../../src/routing/routing-contract.js';
import { UpstreamFailure } from '../../src/providers/upstream-contract.js';
import { setupDispatcher, throttled, timedOut, totalInFlight, unavailable } from './dispatcher-test-setup.js';
import { NOVA, makeProfile } from './routing-test-kit.js';

const outcomes = (attempts: readonly AttemptRecord[]): string[] => attempts.map((a) => `${a.regionId}:${a.outcome}`);

describe('failover dispatcher: order and failover', () => {
  it('sends to the source region first and hands the lease to the caller', async () => {
    const setup = setupDispatcher();
    const attempts: AttemptRecord[] = [];
    const result = await setup.dispatch({ attempts });
    assert.equal(result.value, 'answer from eu-central-1');
    assert.equal(result.deployment.regionId, 'eu-central-1');
    assert.deepEqual(outcomes(attempts), ['eu-central-1:success']);
    assert.equal((await setup.snapshot('eu-central-1')).inFlight, 1, 'held until the caller releases');
    result.lease.release(420);
    const after = await setup.snapshot('eu-central-1');
    assert.equal(after.inFlight, 0);
    assert.equal(after.tokensLastMinute, 420);
  });

  it('fails closed before any attempt when the boundary is empty', async () => {
    const setup = setupDispatcher();
    const nowhere = makeProfile('eu.missing-model', 'missing-model', { kind: 'geography', geographyId: 'eu' });
    const attempts: AttemptRecord[] = [];
    await assert.rejects(setup.dispatch({ profile: nowhere, attempts }), { code: 'no_region_in_boundary' });
    assert.deepEqual(setup.upstreams.calls, []);
    assert.deepEqual(attempts, []);
  });

  it('keeps a bare model id in the source region, even when it is saturated', async () => {
    const setup = setupDispatcher({ queue: { maxWaiting: 0, maxWaitMs: 0 } });
    const bare = makeProfile(NOVA, NOVA, { kind: 'source-region' });
    await setup.hold('eu-central-1', 8);
    await assert.rejects(setup.dispatch({ profile: bare }), { code: 'no_capacity' });
    assert.deepEqual(setup.upstreams.calls, []);
  });

  it('spills over to the nearest region with headroom when the source is saturated', async () => {
    const setup = setupDispatcher();
    await setup.hold('eu-central-1', 8);
    const result = await setup.dispatch();
    assert.equal(result.deployment.regionId, 'eu-west-3');
  });

  it('fails over on a 429, lowers the learned limit and leaves the breaker alone', async () => {
    const setup = setupDispatcher();
    setup.upstreams.next('eu-central-1', throttled(5_000));
    const attempts: AttemptRecord[] = [];
    const result = await setup.dispatch({ attempts });
    assert.equal(result.deployment.regionId, 'eu-west-3');
    assert.deepEqual(outcomes(attempts), ['eu-central-1:throttled', 'eu-west-3:success']);
    assert.equal(attempts[0].status, 429);
    const source = await setup.snapshot('eu-central-1');
    assert.equal(source.learnedMaxConcurrent, 4);
    assert.equal(source.breaker, 'closed');
    assert.equal(source.consecutiveFailures, 0);
    assert.equal(source.inFlight, 0);
    const next: AttemptRecord[] = [];
    await setup.dispatch({ attempts: next });
    assert.deepEqual(outcomes(next), ['eu-west-3:success'], 'the throttled source is skipped until Retry-After');
  });

  it('recovers the learned limit of a throttled region', async () => {
    const setup = setupDispatcher();
    setup.upstreams.next('eu-central-1', throttled(5_000));
    (await setup.dispatch()).lease.release(10);
    setup.clock.advance(5_000);
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      const result = await setup.dispatch();
      assert.equal(result.deployment.regionId, 'eu-central-1');
      result.lease.release(10);
      seen.push((await setup.snapshot('eu-central-1')).learnedMaxConcurrent);
    }
    assert.deepEqual(seen, [4, 5, 6, 7, 8]);
  });

  it('fails over on an outage; the breaker opens, lets one probe through half-open, and closes', async () => {
    const setup = setupDispatcher();
    setup.upstreams.next('eu-central-1', unavailable(), timedOut(), unavailable());
    for (let i = 0; i < 3; i++) {
      const attempts: AttemptRecord[] = [];
      const result = await setup.dispatch({ attempts });
      assert.equal(result.deployment.regionId, 'eu-west-3');
      assert.equal(attempts[0].regionId, 'eu-central-1');
      result.lease.release(10);
    }
    assert.equal((await setup.snapshot('eu-central-1')).breaker, 'open');
    const whileOpen: AttemptRecord[] = [];
    (await setup.dispatch({ attempts: whileOpen })).lease.release(10);
    assert.deepEqual(outcomes(whileOpen), ['eu-west-3:success'], 'an open breaker is skipped, not tried');

    setup.clock.advance(10_000);
    setup.upstreams.next('eu-central-1', 'hang');
    const probeAttempts: AttemptRecord[] = [];
    const controller = new AbortController();
    const probe = setup.dispatch({ attempts: probeAttempts, signal: controller.signal });
    const during: AttemptRecord[] = [];
    (await setup.dispatch({ attempts: during })).lease.release(10);
    assert.deepEqual(outcomes(during), ['eu-west-3:success'], 'only one probe while half-open');
    controller.abort();
    await assert.rejects(probe, (error: unknown) => error instanceof UpstreamFailure && error.kind === 'cancelled');

    const closing = await setup.dispatch();
    assert.equal(closing.deployment.regionId, 'eu-central-1', 'the next request is the probe');
    closing.lease.release(10);
    assert.equal((await setup.snapshot('eu-central-1')).breaker, 'closed');
  });

  it('re-opens the breaker for a full openMs when the probe fails', async () => {
    const setup = setupDispatcher();
    setup.upstreams.next('eu-central-1', unavailable(), unavailable(), unavailable(), unavailable());
    for (let i = 0; i < 3; i++) (await setup.dispatch()).lease.release(1);
    setup.clock.advance(10_000);
    const attempts: AttemptRecord[] = [];
    (await setup.dispatch({ attempts })).lease.release(1);
    assert.deepEqual(outcomes(attempts), ['eu-central-1:unavailable', 'eu-west-3:success']);
    setup.clock.advance(9_999);
    assert.equal((await setup.snapshot('eu-central-1')).breaker, 'open');
  });

  it('never trips the breaker on 429s', async () => {
    const setup = setupDispatcher();
    for (let i = 0; i < 10; i++) {
      setup.upstreams.next('eu-central-1', throttled(100));
      (await setup.dispatch()).lease.release(1);
      setup.clock.advance(100);
    }
    const source = await setup.snapshot('eu-central-1');
    assert.equal(source.breaker, 'closed');
    assert.equal(source.consecutiveFailures, 0);
  });

  const rejection = () => new UpstreamFailure('rejected', 'eu-central-1: rejected (HTTP 400, invalid_request_error)', {
    status: 400, upstreamErrorType: 'invalid_request_error', upstreamText: 'max_tokens is too large',
  });

  it('names the status and upstream error type of a rejection, and its text only with content logging on', async () => {
    for (const upstreamErrorText of [false, true]) {
      const setup = setupDispatcher({ upstreamErrorText });
      setup.upstreams.next('eu-central-1', rejection());
      await assert.rejects(setup.dispatch({ attempts: [] }), (error: unknown) => {
        assert.ok(error instanceof GeorouteError);
        assert.match(error.message, /\(HTTP 400, upstream error invalid_request_error\)/);
        assert.equal(error.message.includes('max_tokens is too large'), upstreamErrorText, error.message);
        return true;
      });
    }
  });

  it('does not fail over around a request the upstream rejected', async () => {
    const setup = setupDispatcher();
    setup.upstreams.next('eu-central-1', rejection());
    const attempts: AttemptRecord[] = [];
    await assert.rejects(setup.dispatch({ attempts }), (error: unknown) => {
      assert.ok(error instanceof GeorouteError);
      assert.equal(error.code, 'invalid_request');
      assert.match(error.message, /HTTP 400/);
      return true;
    });
    assert.deepEqual(outcomes(attempts), ['eu-central-1:rejected']);
    assert.equal(attempts[0].status, 400);
    assert.equal(await totalInFlight(setup), 0);
    setup.upstreams.next('eu-central-1', new UpstreamFailure('rejected', 'forbidden', { status: 403 }));
    await assert.rejects(setup.dispatch(), { code: 'upstream_rejected' });
    assert.equal((await setup.snapshot('eu-central-1')).breaker, 'closed');
  });

  it('does not retry a stream that broke after it started', async () => {
    const setup = setupDispatcher();
    setup.upstreams.next('eu-central-1', new UpstreamFailure('interrupted', 'connection reset'));
    await assert.rejects(setup.dispatch(), { code: 'stream_interrupted' });
    assert.deepEqual(setup.upstreams.calls, ['eu-central-1']);
  });

  it('answers upstream_unavailable after trying each region once when all are down', async () => {
    const setup = setupDispatcher();
    for (const region of ['eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1', 'eu-south-1']) setup.upstreams.always(region, unavailable());
    const attempts: AttemptRecord[] = [];
    await assert.rejects(setup.dispatch({ attempts }), { code: 'upstream_unavailable', status: 503 });
    assert.deepEqual(
      outcomes(attempts),
      ['eu-central-1', 'eu-west-3', 'eu-south-1', 'eu-west-1', 'eu-north-1'].map((r) => `${r}:unavailable`),
    );
    assert.equal(await totalInFlight(setup), 0);
  });

  it('stops after maxAttempts', async () => {
    const setup = setupDispatcher({ maxAttempts: 2 });
    for (const region of ['eu-central-1', 'eu-west-3', 'eu-south-1']) setup.upstreams.always(region, unavailable());
    await assert.rejects(setup.dispatch(), { code: 'upstream_unavailable' });
    assert.deepEqual(setup.upstreams.calls, ['eu-central-1', 'eu-west-3']);
  });

  it('answers no_capacity when the attempts run out on 429s', async () => {
    const setup = setupDispatcher({ maxAttempts: 2 });
    setup.upstreams.always('eu-central-1', throttled(3_000)).always('eu-west-3', throttled(7_000));
    await assert.rejects(setup.dispatch(), { code: 'no_capacity', retryAfterSeconds: 3 });
  });

  it('answers unsupported_operation when no deployment in the boundary accepts the request', async () => {
    const setup = setupDispatcher();
    await assert.rejects(setup.dispatch({ accepts: () => false }), { code: 'unsupported_operation' });
    assert.deepEqual(setup.upstreams.calls, []);
  });

  it('feeds the x-ratelimit headers of a success to the learned limits', async () => {
    const setup = setupDispatcher();
    const result = await setup.dispatch({ rateLimitOf: () => ({ limitRequests: 120, remainingRequests: 119 }) });
    result.lease.release(1);
    assert.equal((await setup.snapshot('eu-central-1')).learnedRequestsPerMinute, 120);
  });
});
