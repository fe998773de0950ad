/**
 * Drill 6: a region dies under load. Requests that had not started streaming succeed elsewhere inside the
 * boundary; streams already running there end with an explicit error; the breaker opens; once the region is back,
 * the half-open probe returns it to service.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { startRegionSimulator, type RunningSimulator } from '../../sim/index.js';
import { EU_REGIONS, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { auditRecordOf, candidateIn, chat, chatStreamText, routing, sleep, streamEndedCleanly, streamEndedWithError, waitUntil } from './drill-kit.js';

const SOURCE = 'eu-central-1';
// Long enough that the burst and its checks finish before the breaker turns half-open, even on a loaded machine.
const OPEN_MS = 5_000;
const isEu = (region: string | null) => EU_REGIONS.includes(region as (typeof EU_REGIONS)[number]);

describe('drill: a region killed under load', () => {
  let gateway: TestGateway | undefined;
  let restarted: RunningSimulator | undefined;
  afterEach(async () => {
    await restarted?.close();
    await gateway?.close();
    restarted = undefined;
    gateway = undefined;
  });

  it('fails over every request that had not started streaming, opens the breaker, and probes the region back', async () => {
    const config = routing(testConfig({ maxConcurrent: 4, timeToFirstTokenMs: 150, tokensPerSecond: 100 }), { breaker: { failureThreshold: 3, openMs: OPEN_MS } });
    const gw = (gateway = await startTestGateway(config));
    const source = gw.simulator(SOURCE);
    const port = source.port;

    // A burst of non-streaming and streaming requests; the source region is killed while it serves some of them.
    const inFlight = Array.from({ length: 24 }, (_, i) =>
      i % 3 === 0 ? chatStreamText(gw, { maxTokens: 30, requestId: `kill-${i}` }) : chat(gw, { maxTokens: 12, requestId: `kill-${i}` }),
    );
    await waitUntil('the source region to serve part of the burst', () => source.stats().inFlight >= 2);
    await source.close();
    const answers = await Promise.all(inFlight);

    let failedOver = 0;
    for (const [i, answer] of answers.entries()) {
      const streaming = i % 3 === 0;
      assert.equal(answer.status, 200, `request ${i} answered ${answer.status}: ${answer.text}`);
      assert.ok(isEu(answer.inferenceRegion), `request ${i} ran in ${answer.inferenceRegion}`);
      if (!streaming) {
        assert.ok(answer.text.includes('"chat.completion"'), `request ${i} got a completion`);
      } else if (!streamEndedCleanly(answer)) {
        // Only a stream that had already started in the killed region may break, and then never as a clean end.
        assert.equal(answer.inferenceRegion, SOURCE);
        assert.ok(streamEndedWithError(answer), `stream ${i} ended without an explicit error: ${answer.text.slice(-200)}`);
      }
      if (answer.attempts > 1) failedOver += 1;
    }
    assert.ok(failedOver >= 1, 'requests caught in the dying region were retried elsewhere');
    const retried = answers.find((a) => a.attempts > 1 && a.requestId !== null);
    const record = auditRecordOf(gw, SOURCE, retried?.requestId ?? '');
    assert.ok(record, 'the failed-over request has an audit record');
    assert.deepEqual(record.additionalEventData.attempts[0]?.region, SOURCE);
    assert.equal(record.additionalEventData.attempts[0]?.outcome, 'unavailable');
    assert.equal(record.additionalEventData.attempts.at(-1)?.outcome, 'success');

    const dead = await candidateIn(gw, SOURCE);
    assert.equal(dead.breaker, 'open', `breaker of the killed region: ${dead.breaker} (${dead.reason})`);
    assert.equal(dead.rank, EU_REGIONS.length, 'an open breaker ranks last');

    // While the breaker is open the dead region is not tried at all.
    const whileOpen = await chat(gw);
    assert.equal(whileOpen.status, 200);
    assert.notEqual(whileOpen.inferenceRegion, SOURCE);
    assert.equal(whileOpen.attempts, 1);

    // The region comes back on the same port; after openMs the half-open probe finds it.
    restarted = await startRegionSimulator({ regionId: SOURCE, port, timeToFirstTokenMs: 150, tokensPerSecond: 100, maxConcurrent: 4 });
    await waitUntil('the breaker to turn half-open', async () => (await candidateIn(gw, SOURCE)).breaker === 'half-open', OPEN_MS * 3);
    const probe = await chat(gw);
    assert.equal(probe.status, 200);
    assert.equal(probe.inferenceRegion, SOURCE, 'the probe goes to the recovered source region');
    assert.equal((await candidateIn(gw, SOURCE)).breaker, 'closed');
    const after = await Promise.all(Array.from({ length: 3 }, () => chat(gw)));
    assert.ok(after.every((a) => a.status === 200 && a.inferenceRegion === SOURCE), 'traffic is back in the source region');
    assert.equal(restarted.stats().served, 4);
  });

  it('keeps the breaker open while the probe fails, and closes it once the region answers again', async () => {
    const config = routing(testConfig(), { breaker: { failureThreshold: 3, openMs: 400 } });
    const gw = (gateway = await startTestGateway(config));
    const source = gw.simulator(SOURCE);
    source.setFaults({ outage: 'refuse' });

    for (let i = 0; i < 3; i += 1) {
      const answer = await chat(gw);
      assert.equal(answer.status, 200);
      assert.notEqual(answer.inferenceRegion, SOURCE);
      assert.equal(answer.attempts, 2, 'tried the source region first, then failed over');
    }
    assert.equal((await candidateIn(gw, SOURCE)).breaker, 'open');
    const refusedSoFar = source.stats().failed;
    assert.equal(refusedSoFar, 3);

    // Half-open, still dead: one probe, it fails, the breaker re-opens; the request itself still succeeds elsewhere.
    await waitUntil('half-open', async () => (await candidateIn(gw, SOURCE)).breaker === 'half-open');
    const failedProbe = await chat(gw);
    assert.equal(failedProbe.status, 200);
    assert.notEqual(failedProbe.inferenceRegion, SOURCE);
    assert.equal(source.stats().failed, refusedSoFar + 1, 'exactly one probe reached the dead region');
    assert.equal((await candidateIn(gw, SOURCE)).breaker, 'open');

    source.resetFaults();
    await waitUntil('half-open again', async () => (await candidateIn(gw, SOURCE)).breaker === 'half-open');
    const probe = await chat(gw);
    assert.equal(probe.inferenceRegion, SOURCE);
    assert.equal((await candidateIn(gw, SOURCE)).breaker, 'closed');
    await sleep(0);
    assert.equal((await chat(gw)).inferenceRegion, SOURCE);
  });

  it('fails over an http-503 outage the same way and never leaves the boundary', async () => {
    const gw = (gateway = await startTestGateway(routing(testConfig(), { breaker: { failureThreshold: 2, openMs: 10_000 } })));
    for (const region of ['eu-central-1', 'eu-west-3', 'eu-south-1']) gw.simulator(region).setFaults({ outage: 'http-503' });
    const answers = await Promise.all(Array.from({ length: 12 }, () => chat(gw)));
    for (const answer of answers) {
      assert.equal(answer.status, 200);
      assert.ok(['eu-west-1', 'eu-north-1'].includes(answer.inferenceRegion ?? ''), `ran in ${answer.inferenceRegion}`);
    }
    assert.equal(gw.simulator('eu-west-2').stats().received, 0, 'London is outside the eu boundary');
    assert.equal(gw.simulator('us-east-1').stats().received, 0);

    // Every EU region down: a clear 503 in OpenAI's shape, still nothing sent outside.
    for (const region of EU_REGIONS) gw.simulator(region).setFaults({ outage: 'http-503' });
    const down = await chat(gw);
    assert.equal(down.status, 503);
    assert.equal((JSON.parse(down.text) as { error: { code: string } }).error.code, 'upstream_unavailable');
    assert.equal(gw.simulator('eu-west-2').stats().received, 0);
    assert.equal(gw.simulator('us-east-1').stats().received, 0);
  });
});
