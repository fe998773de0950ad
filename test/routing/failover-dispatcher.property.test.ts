import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Deployment } from '../../src/catalog/catalog-types.js';
import { GeorouteError } from '../../src/errors/error-catalog.js';
import { createRouter } from '../../src/routing/failover-dispatcher.js';
import { InMemoryCapacityStore } from '../../src/routing/in-memory-capacity-store.js';
import { SessionAffinity, sessionAffinityKey } from '../../src/routing/session-affinity.js';
import type { AttemptRecord, CapacityLease, DispatchResult } from '../../src/routing/routing-contract.js';
import { UpstreamFailure } from '../../src/providers/upstream-contract.js';
import { expectation, expectedBoundary, reachOf, worldArbitrary } from './routing-arbitraries.js';
import { buildAuditRecord } from '../../src/audit/build-audit-record.js';
import { whereProcessed } from '../../src/pipeline/where-processed.js';
import type { RequestOutcome } from '../../src/pipeline/request-outcome.js';
import { ManualClock } from './routing-test-kit.js';

/** Something done to the capacity store before the request: the random capacity state. */
type StateStep =
  | { kind: 'hold'; pick: number; count: number }
  | { kind: 'throttle'; pick: number; retryAfterMs: number }
  | { kind: 'fail'; pick: number; count: number }
  | { kind: 'advance'; ms: number };

type Answer = 'succeeds' | 'throttled' | 'unavailable' | 'timeout';

const stateStep: fc.Arbitrary<StateStep> = fc.oneof(
  fc.record({ kind: fc.constant('hold' as const), pick: fc.nat(), count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('hold' as const), pick: fc.nat(), count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('throttle' as const), pick: fc.nat(), retryAfterMs: fc.integer({ min: 0, max: 5_000 }) }),
  fc.record({ kind: fc.constant('fail' as const), pick: fc.nat(), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 15_000 }) }),
);

/** Mostly worlds where the request may go somewhere (to exercise failover), some where it must be refused. */
const world = fc.oneof(
  { weight: 3, arbitrary: worldArbitrary.filter((w) => (expectedBoundary(w)?.size ?? 0) > 0) },
  { weight: 1, arbitrary: worldArbitrary },
);

const scenario = fc.record({
  world,
  state: fc.array(stateStep, { maxLength: 12 }),
  answers: fc.array(fc.constantFrom<Answer>('succeeds', 'throttled', 'unavailable', 'timeout'), { maxLength: 10 }),
  maxAttempts: fc.integer({ min: 1, max: 6 }),
  queue: fc.record({ maxWaiting: fc.constantFrom(0, 4), maxWaitMs: fc.constantFrom(0, 1_000, 3_000) }),
  acceptsMask: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.nat() }),
  // A random session, remembered (or not) on any deployment of the catalog: inside the boundary or not, any model.
  session: fc.option(
    fc.record({
      sessionId: fc.stringMatching(/^[A-Za-z0-9._:-]{1,128}$/),
      rememberedPick: fc.option(fc.nat(), { nil: undefined }),
    }),
    { nil: undefined },
  ),
});

function failureFor(answer: Exclude<Answer, 'succeeds'>): UpstreamFailure {
  if (answer === 'throttled') return new UpstreamFailure('throttled', '429', { status: 429, retryAfterMs: 700 });
  if (answer === 'timeout') return new UpstreamFailure('timeout', 'first byte timeout');
  return new UpstreamFailure('unavailable', '503', { status: 503 });
}

/** Lets the dispatch run, moving the manual clock forward while it waits (queue waits, Retry-After). */
async function drive<T>(promise: Promise<T>, clock: ManualClock): Promise<void> {
  let done = false;
  promise.then(() => (done = true), () => (done = true));
  for (let turn = 0; turn < 400 && !done; turn++) {
    for (let i = 0; i < 3 && !done; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    if (!done) clock.advance(250);
  }
  assert.ok(done, 'the dispatch ended (deadline)');
}

describe('failover dispatcher (property-based)', () => {
  it('never attempts a region outside the boundary, whatever the capacity state, failures and remembered session', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ world: w, state, answers, maxAttempts, queue, acceptsMask, session }) => {
        const { catalog, profile, sourceRegionId } = w;
        const clock = new ManualClock();
        const store = new InMemoryCapacityStore({ breaker: { failureThreshold: 2, openMs: 5_000 }, scheduleTimeout: clock.scheduleTimeout });
        const sessions = new SessionAffinity({ maxSessions: 16, idleMs: 600_000 });
        const router = createRouter({
          catalog,
          store,
          sessions,
          options: { maxAttempts, deadlineMs: 20_000, queue },
          now: clock.now,
          scheduleTimeout: clock.scheduleTimeout,
        });
        const deployments = catalog.deployments;
        const sessionKey = session && sessionAffinityKey('caller', profile.id, session.sessionId);
        if (session?.rememberedPick !== undefined && sessionKey !== undefined && deployments.length > 0) {
          sessions.remember(sessionKey, deployments[session.rememberedPick % deployments.length].id, clock.now());
        }
        const held: CapacityLease[] = [];
        for (const step of state) {
          if (step.kind === 'advance') {
            clock.advance(step.ms);
            continue;
          }
          if (deployments.length === 0) continue;
          const deployment = deployments[step.pick % deployments.length];
          if (step.kind === 'hold') {
            for (let i = 0; i < step.count; i++) {
              const lease = await store.tryAcquire(deployment, 10, clock.now());
              if (lease) held.push(lease);
            }
          } else if (step.kind === 'throttle') {
            await store.record(deployment, { kind: 'throttled', retryAfterMs: step.retryAfterMs }, clock.now());
          } else {
            for (let i = 0; i < step.count; i++) await store.record(deployment, { kind: 'failure' }, clock.now());
          }
        }

        const targets: string[] = [];
        const reached: string[] = [];
        const unknownSetsAttempted: string[] = [];
        const script = [...answers];
        const attempt = (deployment: Deployment): Promise<string> => {
          targets.push(deployment.regionId);
          reached.push(...reachOf(deployment));
          if (deployment.processingRegionIds.length === 0) unknownSetsAttempted.push(deployment.id);
          const answer = script.shift() ?? 'succeeds';
          return answer === 'succeeds' ? Promise.resolve('ok') : Promise.reject(failureFor(answer));
        };
        const accepts = acceptsMask === undefined ? undefined : (d: Deployment) => (acceptsMask >> deployments.indexOf(d)) % 2 === 0;
        const attempts: AttemptRecord[] = [];
        const dispatched = router.dispatch({
          profile,
          sourceRegionId,
          identity: w.identity,
          estimatedTokens: 10,
          signal: new AbortController().signal,
          attempts,
          attempt,
          accepts,
          session: session && { callerId: 'caller', sessionId: session.sessionId },
        });
        await drive(dispatched, clock);
        let result: DispatchResult<string> | Error;
        try {
          result = await dispatched;
        } catch (error) {
          assert.ok(error instanceof Error, `unexpected ${String(error)}`);
          result = error;
        }

        const expected = expectedBoundary(w);
        const verdict = expectation(w);
        if ('refused' in verdict) {
          assert.ok(result instanceof GeorouteError);
          assert.equal(result.code, verdict.refused);
          assert.deepEqual(targets, [], 'zero attempts when the boundary is empty');
          assert.deepEqual(attempts, []);
        }
        // Profile boundary ∩ identity scope, against every region a delegating upstream may process in.
        for (const region of reached) assert.ok(expected?.has(region), `reached ${region}, outside [${[...(expected ?? [])]}]`);
        for (const record of attempts) assert.ok(expected?.has(record.regionId));
        // A deployment whose processing set is unknown (a global endpoint) only for a request nothing narrows.
        if (unknownSetsAttempted.length > 0) {
          assert.ok('unrestricted' in verdict && verdict.unrestricted, `attempted ${unknownSetsAttempted.join(', ')} (unknown processing set) inside a restricted boundary`);
        }
        if (profile.scope.kind === 'source-region' || profile.scope.kind === 'arn-region') for (const region of reached) assert.equal(region, sourceRegionId);
        assert.equal(attempts.length, targets.length, 'one record per attempt');
        assert.ok(targets.length <= maxAttempts, 'bounded by maxAttempts');

        if (result instanceof Error) {
          assert.ok(result instanceof GeorouteError, `unexpected ${String(result)}`);
          assert.ok(
            ['no_region_in_boundary', 'unknown_source_region', 'access_denied', 'invalid_request', 'no_capacity', 'upstream_unavailable', 'model_timeout', 'unsupported_operation'].includes(result.code),
            result.code,
          );
          if (result.code === 'model_timeout') {
            assert.ok(attempts.length > 0 && attempts.every((a) => a.outcome === 'timeout'), 'model_timeout only when every attempt timed out');
          }
          if (result.code === 'no_capacity') assert.ok((result.retryAfterSeconds ?? 0) >= 1, 'Retry-After of at least 1 s');
        } else {
          assert.ok(expected?.has(result.deployment.regionId));
          assert.equal(attempts.at(-1)?.outcome, 'success');
          if (sessionKey !== undefined) assert.equal(sessions.lookup(sessionKey, clock.now()), result.deployment.id, 'the session follows');
          result.lease.release(10);
        }
        // Every audit record's regions lie inside the boundary it records.
        const deployed = result instanceof Error ? undefined : result.deployment;
        let boundary: readonly string[] | undefined;
        try {
          boundary = router.boundary(profile, sourceRegionId, w.identity);
        } catch {
          boundary = undefined;
        }
        const outcome: RequestOutcome = {
          requestId: 'r', eventTime: '2026-01-01T00:00:00Z', eventName: 'Converse', surface: 'bedrock', sourceRegionId,
          sourceIpAddress: '127.0.0.1', userAgent: 'property', identity: { type: 'api-key', id: 'k', admin: false, ...w.identity },
          requestedModelId: profile.id, profile, boundary, ...(deployed && whereProcessed(deployed)), deploymentId: deployed?.id,
          attempts, stream: false, status: deployed ? 200 : 500, durationMs: 1,
        };
        const data = buildAuditRecord(outcome).additionalEventData;
        const named = [...(data.inferenceRegion ? [data.inferenceRegion] : []), ...(data.inferenceRegionCandidates ?? []), ...data.attempts.map((a) => a.region)];
        for (const region of named) assert.ok(data.boundary?.includes(region), `the record names ${region}, outside its boundary [${data.boundary}]`);
        if (deployed && deployed.processingRegionIds.some((r) => r !== deployed.regionId)) assert.equal(data.inferenceRegion, undefined, 'no made-up region');
        for (const lease of held) lease.release();
        for (const deployment of deployments) {
          assert.equal((await store.snapshot(deployment, clock.now())).inFlight, 0, 'no capacity leaked');
        }
        assert.equal(clock.pendingTimers, 0, 'no timer left behind');
      }),
      { numRuns: 300 },
    );
  });
});
