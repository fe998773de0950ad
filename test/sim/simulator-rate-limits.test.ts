import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import type { RunningSimulator } from '../../sim/simulator-types.js';
import { chatBody, converseBody, postJson, startFastSimulator, waitFor, type JsonResponse } from './sim-test-client.js';

const rateLimitHeaderNames = [
  'x-ratelimit-limit-requests',
  'x-ratelimit-remaining-requests',
  'x-ratelimit-limit-tokens',
  'x-ratelimit-remaining-tokens',
  'x-ratelimit-reset-requests',
];

function assertRetryAfter(response: JsonResponse, min: number, max: number): void {
  const value = String(response.headers['retry-after']);
  assert.match(value, /^\d+$/, 'Retry-After is integer seconds');
  assert.ok(Number(value) >= min && Number(value) <= max, `Retry-After ${value} within [${min}, ${max}]`);
}

describe('simulator: capacity enforcement over HTTP', () => {
  let sim: RunningSimulator | undefined;
  afterEach(() => sim?.close());

  test('successful responses carry x-ratelimit-* headers', async () => {
    sim = await startFastSimulator({ requestsPerMinute: 50, tokensPerMinute: 10_000 });
    const response = await postJson(`${sim.url}/v1/chat/completions`, chatBody('hello', { max_tokens: 10 }));
    assert.equal(response.status, 200);
    for (const name of rateLimitHeaderNames) assert.ok(response.headers[name] !== undefined, name);
    assert.equal(response.headers['x-ratelimit-limit-requests'], '50');
    assert.equal(response.headers['x-ratelimit-remaining-requests'], '49');
    assert.equal(response.headers['x-ratelimit-limit-tokens'], '10000');
    // Reserved on admission: ceil(5 / 4) = 2 input tokens + max_tokens 10.
    assert.equal(response.headers['x-ratelimit-remaining-tokens'], String(10_000 - 12));
    assert.match(String(response.headers['x-ratelimit-reset-requests']), /^\d+(ms|s)$/);
  });

  test('concurrency: requests over maxConcurrent get 429 with Retry-After and rate-limit headers', async () => {
    // Two slow streams (100 tokens at 5/s) hold both slots; three more requests must be refused.
    sim = await startFastSimulator({ maxConcurrent: 2, tokensPerSecond: 5 });
    const running = sim;
    const url = `${sim.url}/v1/chat/completions`;
    const holders = [new AbortController(), new AbortController()];
    const held = holders.map((controller, i) => request(url, {
      method: 'POST',
      body: JSON.stringify(chatBody(`hold ${i}`, { stream: true, max_tokens: 100 })),
      signal: controller.signal,
    }).then((r) => r.body.text()).catch(() => 'aborted'));
    await waitFor(() => running.stats().inFlight === 2, 'both slots to be taken');
    const responses = await Promise.all([0, 1, 2].map((i) => postJson(url, chatBody(`request ${i}`, { max_tokens: 2 }))));
    assert.deepEqual(responses.map((r) => r.status), [429, 429, 429]);
    for (const throttled of responses) {
      assertRetryAfter(throttled, 1, 1);
      for (const name of rateLimitHeaderNames) assert.ok(throttled.headers[name] !== undefined, name);
      assert.equal((throttled.json as { error: { type: string; code: string } }).error.code, 'rate_limit_exceeded');
      assert.equal((throttled.json as { error: { type: string } }).error.type, 'rate_limit_error');
    }
    holders.forEach((controller) => controller.abort());
    assert.deepEqual(await Promise.all(held), ['aborted', 'aborted']);
    await waitFor(() => running.stats().inFlight === 0, 'the slots to be freed');
    const stats = sim.stats();
    assert.equal(stats.peakInFlight, 2);
    assert.equal(stats.throttledBy.concurrency, 3);
    assert.equal(stats.cancelled, 2);
    assert.equal((await postJson(url, chatBody('now there is room', { max_tokens: 2 }))).status, 200);
  });

  test('requests per minute: the third request in a minute is throttled', async () => {
    sim = await startFastSimulator({ requestsPerMinute: 2 });
    const url = `${sim.url}/v1/chat/completions`;
    assert.equal((await postJson(url, chatBody('one'))).status, 200);
    const second = await postJson(url, chatBody('two'));
    assert.equal(second.status, 200);
    assert.equal(second.headers['x-ratelimit-remaining-requests'], '0');
    const third = await postJson(url, chatBody('three'));
    assert.equal(third.status, 429);
    assertRetryAfter(third, 30, 60);
    assert.equal(third.headers['x-ratelimit-remaining-requests'], '0');
    assert.equal(sim.stats().throttledBy.requests, 1);
  });

  test('tokens per minute: a request whose reservation does not fit is throttled', async () => {
    sim = await startFastSimulator({ tokensPerMinute: 100 });
    const url = `${sim.url}/v1/chat/completions`;
    assert.equal((await postJson(url, chatBody('hi', { max_tokens: 40 }))).status, 200);
    const refused = await postJson(url, chatBody('hi', { max_tokens: 90 }));
    assert.equal(refused.status, 429);
    assertRetryAfter(refused, 1, 60);
    assert.equal(sim.stats().throttledBy.tokens, 1);
  });

  test('Bedrock protocol 429 is a ThrottlingException', async () => {
    sim = await startFastSimulator({ requestsPerMinute: 1 });
    const url = `${sim.url}/model/amazon.nova-lite-v1%3A0/converse`;
    assert.equal((await postJson(url, converseBody('one'))).status, 200);
    const refused = await postJson(url, converseBody('two'));
    assert.equal(refused.status, 429);
    assert.equal(refused.headers['x-amzn-errortype'], 'ThrottlingException');
    assert.deepEqual(refused.json, { message: 'Too many requests, please wait before trying again.' });
    assertRetryAfter(refused, 1, 60);
    assert.ok(refused.headers['x-ratelimit-limit-requests'] !== undefined);
  });
});
