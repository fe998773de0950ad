/** The dashboard's traffic counters: counts by (source, inference region, outcome), errors by code, a bounded ring of recent errors. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anonymousIdentity } from '../../src/auth/identity.js';
import type { RequestOutcome } from '../../src/pipeline/request-outcome.js';
import { createTrafficCounters, RECENT_ERRORS_KEPT } from '../../src/observability/traffic-counters.js';

function outcome(patch: Partial<RequestOutcome>): RequestOutcome {
  return {
    requestId: 'r',
    eventTime: '2025-01-01T00:00:00.000Z',
    eventName: 'ChatCompletions',
    surface: 'openai',
    sourceRegionId: 'eu-central-1',
    sourceIpAddress: '127.0.0.1',
    userAgent: 'test',
    identity: anonymousIdentity,
    requestedModelId: 'm',
    attempts: [],
    stream: false,
    status: 200,
    durationMs: 1,
    ...patch,
  };
}

describe('traffic counters', () => {
  it('counts by source region, inference region and outcome', () => {
    const counters = createTrafficCounters(() => Date.parse('2025-01-01T00:00:00Z'));
    counters.observe(outcome({ inferenceRegionId: 'eu-central-1' }));
    counters.observe(outcome({ inferenceRegionId: 'eu-central-1' }));
    counters.observe(outcome({ inferenceRegionId: 'eu-west-1' }));
    counters.observe(outcome({ status: 429, error: { code: 'no_capacity', message: 'full' } }));
    counters.observe(outcome({ status: 200, stream: true, inferenceRegionId: 'eu-west-1', error: { code: 'upstream_interrupted', message: 'cut' } }));
    const snapshot = counters.snapshot();
    assert.equal(snapshot.since, '2025-01-01T00:00:00.000Z');
    assert.equal(snapshot.total, 5);
    assert.deepEqual(snapshot.routes, [
      { sourceRegion: 'eu-central-1', inferenceRegion: 'eu-central-1', outcome: 'success', count: 2 },
      { sourceRegion: 'eu-central-1', inferenceRegion: 'eu-west-1', outcome: 'success', count: 1 },
      { sourceRegion: 'eu-central-1', inferenceRegion: null, outcome: 'error', count: 1 },
      { sourceRegion: 'eu-central-1', inferenceRegion: 'eu-west-1', outcome: 'error', count: 1 },
    ]);
    assert.deepEqual(snapshot.errorsByCode, [{ code: 'no_capacity', count: 1 }, { code: 'upstream_interrupted', count: 1 }]);
    assert.equal(JSON.stringify(snapshot).includes('full'), false, 'error messages are not kept');
  });

  it('keeps the last errors, newest first, in a bounded ring', () => {
    const counters = createTrafficCounters();
    const total = RECENT_ERRORS_KEPT + 7;
    for (let i = 0; i < total; i += 1) counters.observe(outcome({ requestId: `r${i}`, status: 503, error: { code: 'upstream_unavailable', message: '' } }));
    const { recentErrors, errorsByCode } = counters.snapshot();
    assert.equal(recentErrors.length, RECENT_ERRORS_KEPT);
    assert.deepEqual(recentErrors.map((e) => e.requestId), Array.from({ length: RECENT_ERRORS_KEPT }, (_, i) => `r${total - 1 - i}`));
    assert.deepEqual(errorsByCode, [{ code: 'upstream_unavailable', count: total }]);
  });

  it('hands out copies: a snapshot does not change with later traffic', () => {
    const counters = createTrafficCounters();
    counters.observe(outcome({ inferenceRegionId: 'eu-central-1' }));
    const before = counters.snapshot();
    counters.observe(outcome({ inferenceRegionId: 'eu-central-1' }));
    assert.equal(before.routes[0].count, 1);
    assert.equal(counters.snapshot().routes[0].count, 2);
  });
});
