/**
 * Issue 2's end-to-end residency promises, against simulators over HTTP: a burst of 40 from Frankfurt to the `eu.`
 * profile fits the five EU regions and nothing runs outside; a US source region may use itself or the EU only; the
 * bare model id never leaves its source region (429 + Retry-After when it is full); a saturated EU answers 429 +
 * Retry-After after the queue wait.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { chat, EU_PROFILE, explain, routing, waitUntil, type ChatAnswer } from '../drills/drill-kit.js';
import { EU_REGIONS, NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';

const OUTSIDE_EU = ['eu-west-2', 'us-east-1'] as const;
const QUEUE_WAIT_MS = 300;

function assertNothingReached(gateway: TestGateway, regions: readonly string[]): void {
  for (const region of regions) assert.equal(gateway.simulator(region).stats().received, 0, `${region} received a request`);
}

function errorCode(answer: ChatAnswer): string {
  return (JSON.parse(answer.text) as { error: { code: string } }).error.code;
}

describe('residency under load (end to end)', () => {
  let gateway: TestGateway | undefined;
  const holders: AbortController[] = [];
  afterEach(async () => {
    for (const holder of holders.splice(0)) holder.abort();
    await gateway?.close();
    gateway = undefined;
  });

  /** Requests that sit in their region (latency fault) until aborted, to saturate it. */
  async function hold(gw: TestGateway, count: number, model: string): Promise<Array<Promise<unknown>>> {
    return Array.from({ length: count }, () => {
      const controller = new AbortController();
      holders.push(controller);
      return chat(gw, { model, signal: controller.signal }).catch(() => undefined);
    });
  }

  it('serves a burst of 40 from eu-central-1 over the five EU regions, none outside', async () => {
    // Each request holds its slot for about 2 s, so the first ones are still running when the last of the burst
    // arrives, however slowly a loaded machine sends them: the burst really needs all five regions at once.
    const gw = (gateway = await startTestGateway(testConfig({ maxConcurrent: 8, timeToFirstTokenMs: 1_500, tokensPerSecond: 60 })));
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => chat(gw, { maxTokens: 32, content: `burst ${i}` })));
    const perRegion = new Map<string, number>();
    for (const answer of answers) {
      assert.equal(answer.status, 200, answer.text);
      assert.ok(EU_REGIONS.includes(answer.inferenceRegion as (typeof EU_REGIONS)[number]), `ran in ${answer.inferenceRegion}`);
      perRegion.set(answer.inferenceRegion ?? '', (perRegion.get(answer.inferenceRegion ?? '') ?? 0) + 1);
    }
    assert.equal(perRegion.size, EU_REGIONS.length, `spread: ${JSON.stringify([...perRegion])}`);
    for (const region of EU_REGIONS) {
      const stats = gw.simulator(region).stats();
      assert.ok(stats.peakInFlight <= 8, `${region} never had more than its 8 slots (${stats.peakInFlight})`);
      assert.equal(stats.throttled, 0, `${region} never had to answer 429: the gateway kept within its capacity`);
    }
    assertNothingReached(gw, OUTSIDE_EU);
  });

  it('lets a request from us-east-1 with the eu. profile run in us-east-1 or the EU only', async () => {
    const gw = (gateway = await startTestGateway(testConfig({ maxConcurrent: 4, timeToFirstTokenMs: 100, tokensPerSecond: 100 })));
    const plan = await explain(gw, EU_PROFILE, 'us-east-1');
    assert.deepEqual([...plan.boundary].sort(), ['us-east-1', ...EU_REGIONS].sort());
    assert.ok(plan.excludedRegions.includes('eu-west-2'));
    assert.equal(plan.candidates[0].region, 'us-east-1', 'the source region first');

    const answers = await Promise.all(Array.from({ length: 16 }, () => chat(gw, { source: 'us-east-1', maxTokens: 24 })));
    const regions = new Set(answers.map((a) => a.inferenceRegion));
    for (const answer of answers) {
      assert.equal(answer.status, 200);
      assert.ok(plan.boundary.includes(answer.inferenceRegion ?? ''), `ran in ${answer.inferenceRegion}`);
      assert.equal(answer.headers.get('x-georoute-source-region'), 'us-east-1');
    }
    assert.ok(regions.has('us-east-1'), 'the source region took its share');
    assert.ok([...regions].some((r) => r !== 'us-east-1'), 'the rest spilled into the EU');
    assertNothingReached(gw, ['eu-west-2']);
  });

  it('keeps the bare model id in its source region: 429 with Retry-After when full, never a spill-over', async () => {
    const config = routing(testConfig({ maxConcurrent: 4 }), { queue: { maxWaitMs: QUEUE_WAIT_MS } });
    const gw = (gateway = await startTestGateway(config));
    const source = gw.simulator('eu-central-1');
    const plain = await chat(gw, { model: NOVA_LITE });
    assert.equal(plain.inferenceRegion, 'eu-central-1');
    assert.deepEqual((await explain(gw, NOVA_LITE, 'eu-central-1')).boundary, ['eu-central-1']);

    source.setFaults({ latencyMs: 5_000 });
    const held = await hold(gw, 4, NOVA_LITE);
    await waitUntil('the source region to be full', () => source.stats().inFlight === 4);
    const startedAt = Date.now();
    const refused = await chat(gw, { model: NOVA_LITE });
    assert.equal(refused.status, 429, refused.text);
    assert.equal(errorCode(refused), 'no_capacity');
    assert.match(refused.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
    assert.ok(Date.now() - startedAt >= QUEUE_WAIT_MS * 0.8, 'it waited in the queue first');
    assertNothingReached(gw, ['eu-west-1', 'eu-west-3', 'eu-north-1', 'eu-south-1', ...OUTSIDE_EU]);
    for (const holder of holders) holder.abort();
    await Promise.all(held);
  });

  it('answers 429 with Retry-After after the queue wait when every EU region is saturated', async () => {
    const config = routing(testConfig({ maxConcurrent: 2 }), { queue: { maxWaitMs: QUEUE_WAIT_MS } });
    const gw = (gateway = await startTestGateway(config));
    for (const region of EU_REGIONS) gw.simulator(region).setFaults({ latencyMs: 5_000 });
    const held = await hold(gw, 2 * EU_REGIONS.length, EU_PROFILE);
    await waitUntil('every EU region to be full', () => EU_REGIONS.every((r) => gw.simulator(r).stats().inFlight === 2));

    const startedAt = Date.now();
    const refused = await Promise.all(Array.from({ length: 3 }, () => chat(gw)));
    for (const answer of refused) {
      assert.equal(answer.status, 429, answer.text);
      assert.equal(errorCode(answer), 'no_capacity');
      assert.match(answer.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
      assert.equal(answer.headers.get('x-georoute-profile'), EU_PROFILE);
    }
    assert.ok(Date.now() - startedAt >= QUEUE_WAIT_MS * 0.8, 'they waited in the queue first');
    assertNothingReached(gw, OUTSIDE_EU);
    for (const holder of holders) holder.abort();
    await Promise.all(held);
  });

  it('serves a queued request as soon as a slot frees up inside the boundary', async () => {
    const config = routing(testConfig({ maxConcurrent: 1 }), { queue: { maxWaitMs: 3_000 } });
    const gw = (gateway = await startTestGateway(config));
    for (const region of EU_REGIONS) gw.simulator(region).setFaults({ latencyMs: 400 });
    const answers = await Promise.all(Array.from({ length: 10 }, () => chat(gw)));
    for (const answer of answers) {
      assert.equal(answer.status, 200, answer.text);
      assert.ok(EU_REGIONS.includes(answer.inferenceRegion as (typeof EU_REGIONS)[number]));
    }
    assertNothingReached(gw, OUTSIDE_EU);
  });
});
