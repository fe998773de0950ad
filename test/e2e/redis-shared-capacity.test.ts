/**
 * Two gateways (two "replicas", each with its own simulator) sharing one Redis capacity store enforce ONE limit:
 * a burst for the bare model id from eu-central-1, split over both, has at most maxConcurrent in flight in total;
 * a request waiting on one gateway is woken by a release on the other. With the in-memory store each gateway
 * would admit maxConcurrent on its own (twice the limit).
 */
import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { chat, type ChatAnswer } from '../drills/drill-kit.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { TEST_REDIS_URL, deleteKeys, uniquePrefix } from '../routing/redis-test-kit.js';

const MAX_CONCURRENT = 3;
const env = { ...process.env, GEOROUTE_TEST_REDIS_URL: TEST_REDIS_URL };
const prefixes: string[] = [];

function sharedConfig(keyPrefix: string, queue: { maxWaiting: number; maxWaitMs: number }): Record<string, unknown> {
  const config = testConfig({ regions: ['eu-central-1'], maxConcurrent: MAX_CONCURRENT, timeToFirstTokenMs: 300 });
  return {
    ...config,
    routing: { ...(config.routing as Record<string, unknown>), queue, capacityStore: { kind: 'redis', urlEnv: 'GEOROUTE_TEST_REDIS_URL', keyPrefix } },
  };
}

/** Samples the requests in flight over both simulators until `done` settles; returns the highest total seen. */
async function peakInFlight(gateways: readonly TestGateway[], done: Promise<unknown>): Promise<number> {
  let finished = false;
  void done.finally(() => (finished = true));
  let peak = 0;
  while (!finished) {
    peak = Math.max(peak, gateways.reduce((sum, gw) => sum + gw.simulator('eu-central-1').stats().inFlight, 0));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return peak;
}

describe('shared capacity across gateway replicas (Redis, end to end)', () => {
  let gateways: TestGateway[] = [];
  afterEach(async () => {
    await Promise.all(gateways.map((gw) => gw.close()));
    gateways = [];
  });
  after(async () => {
    await Promise.all(prefixes.map((prefix) => deleteKeys(prefix)));
  });

  async function startPair(queue: { maxWaiting: number; maxWaitMs: number }): Promise<[TestGateway, TestGateway]> {
    const prefix = uniquePrefix('e2e');
    prefixes.push(prefix);
    const a = await startTestGateway(sharedConfig(prefix, queue), { env });
    gateways.push(a);
    const b = await startTestGateway(sharedConfig(prefix, queue), { env });
    gateways.push(b);
    return [a, b];
  }

  it('admits at most maxConcurrent in total from a burst split over two gateways; the rest get 429', async () => {
    const [a, b] = await startPair({ maxWaiting: 0, maxWaitMs: 0 });
    const burst = Promise.all(Array.from({ length: 10 }, (_, i) => chat(i % 2 === 0 ? a : b, { model: NOVA_LITE, content: `burst ${i}` })));
    const peak = await peakInFlight([a, b], burst);
    const answers: ChatAnswer[] = await burst;
    const ok = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 429);
    assert.ok(ok.length >= 1 && ok.length <= MAX_CONCURRENT, `${ok.length} answered 200; the shared limit is ${MAX_CONCURRENT}`);
    assert.equal(ok.length + refused.length, answers.length, `statuses: ${answers.map((answer) => answer.status).join(',')}`);
    for (const answer of refused) assert.ok(Number(answer.headers.get('retry-after')) >= 1, 'a 429 says when to come back');
    for (const answer of ok) assert.equal(answer.inferenceRegion, 'eu-central-1');
    assert.ok(peak <= MAX_CONCURRENT, `peak in flight over both simulators: ${peak}`);
    const served = [a, b].map((gw) => gw.simulator('eu-central-1').stats().received);
    assert.equal(served[0] + served[1], ok.length, `simulators received ${served.join(' + ')}`);
  });

  it('queues the rest and serves them as slots free on either gateway, never above the shared limit', async () => {
    const [a, b] = await startPair({ maxWaiting: 64, maxWaitMs: 8_000 });
    // Gateway A fills every slot first; gateway B's requests wait and are woken by A's releases (pub/sub).
    const first = Array.from({ length: MAX_CONCURRENT }, (_, i) => chat(a, { model: NOVA_LITE, content: `a ${i}` }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const startedB = Date.now();
    const second = Array.from({ length: 2 * MAX_CONCURRENT }, (_, i) => chat(b, { model: NOVA_LITE, content: `b ${i}` }));
    const all = Promise.all([...first, ...second]);
    const peak = await peakInFlight([a, b], all);
    const answers = await all;
    const elapsedB = Date.now() - startedB;
    for (const answer of answers) assert.equal(answer.status, 200, answer.text);
    assert.ok(peak <= MAX_CONCURRENT, `peak in flight over both simulators: ${peak}`);
    assert.ok(elapsedB < 4_000, `B's queued requests were woken by releases, not by the ${8_000} ms wait (${elapsedB} ms)`);
    assert.equal(b.simulator('eu-central-1').stats().received, 2 * MAX_CONCURRENT);
  });
});
