import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import type { RunningSimulator } from '../../sim/simulator-types.js';
import { decodeEventStream, sseDataLines } from './decode-sim-streams.js';
import { chatBody, converseBody, getJson, postJson, readStreamedBody, startFastSimulator, waitFor } from './sim-test-client.js';

describe('simulator: faults', () => {
  let sim: RunningSimulator;
  afterEach(() => sim.close());

  test('errorRate 1 answers every request 500, in each protocol\'s error shape', async () => {
    sim = await startFastSimulator();
    sim.setFaults({ errorRate: 1 });
    const openai = await postJson(`${sim.url}/v1/chat/completions`, chatBody('hi'));
    assert.equal(openai.status, 500);
    assert.equal((openai.json as { error: { type: string } }).error.type, 'server_error');
    const bedrock = await postJson(`${sim.url}/model/m/converse`, converseBody('hi'));
    assert.equal(bedrock.status, 500);
    assert.equal(bedrock.headers['x-amzn-errortype'], 'InternalServerException');
    assert.equal(typeof (bedrock.json as { message: string }).message, 'string');
    assert.equal(sim.stats().failed, 2);
  });

  test('errorRate 0.5 fails some requests and serves others', async () => {
    sim = await startFastSimulator();
    sim.setFaults({ errorRate: 0.5 });
    const statuses = [];
    for (let i = 0; i < 40; i += 1) statuses.push((await postJson(`${sim.url}/v1/chat/completions`, chatBody('hi', { max_tokens: 1 }))).status);
    const failed = statuses.filter((s) => s === 500).length;
    assert.ok(failed >= 5 && failed <= 35, `${failed} of 40 failed`);
    assert.equal(statuses.filter((s) => s === 200).length, 40 - failed);
  });

  test('outage http-503 (or true) answers 503', async () => {
    sim = await startFastSimulator();
    sim.setFaults({ outage: true });
    assert.equal(sim.faults().outage, 'http-503');
    const openai = await postJson(`${sim.url}/v1/chat/completions`, chatBody('hi'));
    assert.equal(openai.status, 503);
    const bedrock = await postJson(`${sim.url}/model/m/invoke`, converseBody('hi'));
    assert.equal(bedrock.status, 503);
    assert.equal(bedrock.headers['x-amzn-errortype'], 'ServiceUnavailableException');
  });

  test('outage refuse destroys the socket; the admin endpoint still answers', async () => {
    sim = await startFastSimulator();
    sim.setFaults({ outage: 'refuse' });
    await assert.rejects(postJson(`${sim.url}/v1/chat/completions`, chatBody('hi')));
    assert.equal(sim.stats().failed, 1);
    const reset = await postJson(`${sim.url}/_sim/faults/reset`, {});
    assert.equal(reset.status, 200);
    assert.equal((reset.json as { outage: unknown }).outage, false);
    assert.equal((await postJson(`${sim.url}/v1/chat/completions`, chatBody('hi'))).status, 200);
  });

  test('stall accepts the request and never answers', async () => {
    sim = await startFastSimulator();
    sim.setFaults({ stall: true });
    const started = Date.now();
    await assert.rejects(
      request(`${sim.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify(chatBody('hi')), headersTimeout: 300 }),
      (error: Error & { code?: string }) => error.code === 'UND_ERR_HEADERS_TIMEOUT',
    );
    assert.ok(Date.now() - started >= 250);
    assert.equal(sim.stats().stalled, 1);
    assert.equal(sim.stats().served, 0);
  });

  test('disconnectAfterChunks cuts an SSE stream after N content chunks, without [DONE]', async () => {
    sim = await startFastSimulator();
    sim.setFaults({ disconnectAfterChunks: 3 });
    const result = await readStreamedBody(`${sim.url}/v1/chat/completions`, chatBody('stream', { stream: true, max_tokens: 20 }));
    assert.equal(result.status, 200);
    assert.equal(result.broken, true);
    const lines = sseDataLines(result.bytes.toString('utf8'));
    assert.ok(!lines.includes('[DONE]'));
    const contents = lines.map((l) => JSON.parse(l) as { choices: Array<{ delta: { content?: string } }> })
      .filter((c) => (c.choices[0].delta.content ?? '') !== '');
    assert.equal(contents.length, 3);
    await waitFor(() => sim.stats().failed === 1, 'the cut to be counted');
    assert.equal(sim.stats().inFlight, 0);
  });

  test('disconnectAfterChunks cuts a ConverseStream mid-stream; non-streamed requests are unaffected', async () => {
    sim = await startFastSimulator();
    sim.setFaults({ disconnectAfterChunks: 2 });
    const result = await readStreamedBody(`${sim.url}/model/m/converse-stream`, converseBody('stream', { inferenceConfig: { maxTokens: 20 } }));
    assert.equal(result.broken, true);
    const types = decodeEventStream(result.bytes).map((e) => e.headers[':event-type']);
    assert.deepEqual(types, ['messageStart', 'contentBlockDelta', 'contentBlockDelta']);
    assert.equal((await postJson(`${sim.url}/model/m/converse`, converseBody('whole'))).status, 200);
  });

  test('throttle answers 429 with or without Retry-After', async () => {
    sim = await startFastSimulator();
    sim.setFaults({ throttle: { retryAfterSeconds: 7 } });
    const withHint = await postJson(`${sim.url}/v1/chat/completions`, chatBody('hi'));
    assert.equal(withHint.status, 429);
    assert.equal(withHint.headers['retry-after'], '7');
    sim.setFaults({ throttle: true });
    const without = await postJson(`${sim.url}/model/m/converse`, converseBody('hi'));
    assert.equal(without.status, 429);
    assert.equal(without.headers['retry-after'], undefined);
    assert.equal(without.headers['x-amzn-errortype'], 'ThrottlingException');
    assert.equal(sim.stats().throttledBy.fault, 2);
    sim.setFaults({ throttle: null });
    assert.equal((await postJson(`${sim.url}/v1/chat/completions`, chatBody('hi'))).status, 200);
  });

  test('latencyMs delays the answer', async () => {
    sim = await startFastSimulator();
    sim.setFaults({ latencyMs: 200 });
    const started = Date.now();
    assert.equal((await postJson(`${sim.url}/v1/chat/completions`, chatBody('hi', { max_tokens: 1 }))).status, 200);
    assert.ok(Date.now() - started >= 190, `took ${Date.now() - started} ms`);
  });

  test('admin endpoint: merge, read, reset faults; read stats; reject invalid faults', async () => {
    sim = await startFastSimulator();
    await postJson(`${sim.url}/_sim/faults`, { errorRate: 0.25 });
    const merged = await postJson(`${sim.url}/_sim/faults`, { latencyMs: 10, disconnectAfterChunks: 4 });
    assert.deepEqual(merged.json, { errorRate: 0.25, outage: false, stall: false, disconnectAfterChunks: 4, streamError: null, throttle: null, latencyMs: 10, cancelReleaseDelayMs: 0 });
    assert.deepEqual((await getJson(`${sim.url}/_sim/faults`)).json, merged.json);
    const invalid = await postJson(`${sim.url}/_sim/faults`, { errorRate: 2 });
    assert.equal(invalid.status, 400);
    assert.match((invalid.json as { error: { message: string } }).error.message, /errorRate/);
    assert.equal((await postJson(`${sim.url}/_sim/faults`, { explode: true })).status, 400);
    assert.equal((await postJson(`${sim.url}/_sim/faults`, '{')).status, 400);
    const reset = await postJson(`${sim.url}/_sim/faults/reset`, {});
    assert.deepEqual(reset.json, { errorRate: 0, outage: false, stall: false, disconnectAfterChunks: null, streamError: null, throttle: null, latencyMs: 0, cancelReleaseDelayMs: 0 });
    assert.throws(() => sim.setFaults({ errorRate: -1 }), /errorRate/);

    await postJson(`${sim.url}/v1/chat/completions`, chatBody('hi'));
    const stats = await getJson(`${sim.url}/_sim/stats`);
    assert.equal(stats.status, 200);
    assert.deepEqual(stats.json, sim.stats());
    assert.equal((stats.json as { received: number }).received, 1, 'admin requests are not counted');
    const zeroed = await postJson(`${sim.url}/_sim/stats/reset`, {});
    assert.equal((zeroed.json as { received: number }).received, 0);
    assert.equal((await getJson(`${sim.url}/_sim/nothing`)).status, 404);
  });
});
