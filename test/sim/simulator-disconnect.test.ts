import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import type { RunningSimulator } from '../../sim/simulator-types.js';
import { chatBody, postJson, startFastSimulator, waitFor } from './sim-test-client.js';

describe('simulator: client disconnects', () => {
  let sim: RunningSimulator;
  afterEach(() => sim.close());

  test('a disconnect mid-stream frees the concurrency slot at once and counts as cancelled', async () => {
    // One slot; the stream would take 200 tokens at 20/s = 10 s.
    sim = await startFastSimulator({ maxConcurrent: 1, tokensPerSecond: 20 });
    const url = `${sim.url}/v1/chat/completions`;
    const controller = new AbortController();
    const streaming = await request(url, {
      method: 'POST',
      body: JSON.stringify(chatBody('a long story', { stream: true, max_tokens: 200 })),
      signal: controller.signal,
    });
    assert.equal(streaming.statusCode, 200);
    const iterator = streaming.body[Symbol.asyncIterator]();
    await iterator.next(); // the first event arrived
    assert.equal(sim.stats().inFlight, 1);
    assert.equal((await postJson(url, chatBody('meanwhile'))).status, 429, 'the only slot is taken');

    const started = Date.now();
    controller.abort();
    await iterator.return?.().catch(() => undefined);
    await waitFor(() => sim.stats().inFlight === 0, 'the slot to be freed');
    assert.ok(Date.now() - started < 2000, 'freed long before the stream would have ended');
    assert.equal(sim.stats().cancelled, 1);
    assert.equal((await postJson(url, chatBody('after', { max_tokens: 2 }))).status, 200);
  });

  test('a disconnect while waiting for a non-streamed answer also frees the slot', async () => {
    sim = await startFastSimulator({ maxConcurrent: 1, timeToFirstTokenMs: 10_000 });
    const controller = new AbortController();
    const pending = request(`${sim.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify(chatBody('slow')),
      signal: controller.signal,
    });
    await waitFor(() => sim.stats().inFlight === 1, 'the request to be admitted');
    controller.abort();
    await assert.rejects(pending);
    await waitFor(() => sim.stats().inFlight === 0 && sim.stats().cancelled === 1, 'the cancellation');
    assert.equal(sim.stats().served, 0);
  });

  test('close() ends open streams and stalled requests promptly', async () => {
    sim = await startFastSimulator({ tokensPerSecond: 5 });
    const streaming = await request(`${sim.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify(chatBody('slow stream', { stream: true, max_tokens: 100 })),
    });
    const reading = streaming.body.text().then(() => 'ended', () => 'broken');
    sim.setFaults({ stall: true });
    const stalled = request(`${sim.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(chatBody('x')) })
      .then(() => 'answered', () => 'broken');
    await waitFor(() => sim.stats().stalled === 1, 'the stall');
    const started = Date.now();
    await sim.close();
    assert.ok(Date.now() - started < 2000);
    assert.equal(await reading, 'broken');
    assert.equal(await stalled, 'broken');
  });
});
