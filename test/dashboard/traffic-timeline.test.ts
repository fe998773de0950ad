/** The dashboard's 15-minute timeline: steps of 5 s, p95 of successful requests, spillover, refusals, last-minute flows. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTrafficTimeline, TIMELINE_STEP_MS, TIMELINE_WINDOW_MS } from '../../src/observability/traffic-timeline.js';
import { makeOutcome } from '../audit/audit-test-fixtures.js';

const START = Date.UTC(2025, 5, 1, 12, 0, 0);

describe('traffic timeline', () => {
  it('keeps one point per step over the window, oldest first, with zero counts where nothing happened', () => {
    let now = START;
    const timeline = createTrafficTimeline(() => now);
    timeline.observe(makeOutcome({ durationMs: 100 }));
    now += 2 * TIMELINE_STEP_MS;
    timeline.observe(makeOutcome({ durationMs: 100 }));
    const { points, stepMs, windowMs } = timeline.snapshot();
    assert.equal(stepMs, TIMELINE_STEP_MS);
    assert.equal(points.length, windowMs / stepMs);
    assert.equal(points.at(-1)?.t, START + 2 * TIMELINE_STEP_MS);
    assert.deepEqual(points.slice(-3).map((p) => p.requests), [1, 0, 1]);
    assert.ok(points.every((p, i) => i === 0 || p.t - points[i - 1].t === TIMELINE_STEP_MS));
  });

  it('counts spillover and refusals, and takes the p95 of successful requests only', () => {
    const now = START;
    const timeline = createTrafficTimeline(() => now);
    for (let i = 0; i < 19; i += 1) timeline.observe(makeOutcome({ durationMs: 100 }));
    timeline.observe(makeOutcome({ durationMs: 4_000, inferenceRegionId: 'eu-west-3' }));
    timeline.observe(makeOutcome({ durationMs: 60_000, status: 503, inferenceRegionId: undefined, error: { code: 'upstream_unavailable', message: 'x' } }));
    timeline.observe(makeOutcome({ durationMs: 50, status: 200, stream: true, error: { code: 'stream_interrupted', message: 'x' } }));
    timeline.observe(makeOutcome({ durationMs: 100, inferenceRegionId: undefined, inferenceRegionCandidates: ['eu-west-1', 'eu-west-3'] }));
    const point = timeline.snapshot().points.at(-1);
    assert.equal(point?.requests, 23);
    assert.equal(point?.succeeded, 21, 'a delegated request succeeded too');
    assert.equal(point?.spilled, 1);
    assert.equal(point?.refused, 1, 'a stream cut after its 200 is not a refusal');
    // 19 of 20 at 100 ms: the 95th percentile is in the bucket holding 100 ms (bucket bounds grow by 25%).
    assert.ok(point?.p95Ms !== null && point!.p95Ms! >= 100 && point!.p95Ms! < 125, `p95 ${point?.p95Ms}`);
    assert.equal(timeline.snapshot().points.at(-2)?.p95Ms, null);
  });

  it('sums the flows of the last minute by route and forgets older ones', () => {
    let now = START;
    const timeline = createTrafficTimeline(() => now);
    timeline.observe(makeOutcome({ sourceRegionId: 'eu-central-1', inferenceRegionId: 'eu-west-1' }));
    now += 61_000;
    timeline.observe(makeOutcome({ sourceRegionId: 'eu-central-1', inferenceRegionId: 'eu-west-3' }));
    timeline.observe(makeOutcome({ sourceRegionId: 'eu-central-1', inferenceRegionId: 'eu-west-3' }));
    timeline.observe(makeOutcome({ sourceRegionId: 'eu-central-1', inferenceRegionId: undefined, status: 429, error: { code: 'no_capacity', message: 'x' } }));
    const { flows } = timeline.snapshot();
    assert.deepEqual(flows, [{ sourceRegion: 'eu-central-1', inferenceRegion: 'eu-west-3', count: 2 }]);
  });

  it('drops steps older than the window, also when their ring slot is not reused', () => {
    let now = START;
    const timeline = createTrafficTimeline(() => now);
    timeline.observe(makeOutcome({}));
    now += TIMELINE_WINDOW_MS;
    const { points } = timeline.snapshot();
    assert.equal(points.reduce((sum, p) => sum + p.requests, 0), 0);
  });
});
