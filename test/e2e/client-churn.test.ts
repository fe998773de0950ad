/**
 * Client churn does not shrink capacity (issue 9, item 6): 400 streaming clients that hang up after the first
 * event, 16 at a time, against one region with 8 slots. A cancellation is not evidence of free capacity, so the
 * gateway holds the slot until the upstream has had time to notice the reset, and a 429 that its own
 * cancellations may have caused does not teach the learned limits. Afterwards: no client saw a 429, the learned
 * concurrency and requests/min are the declared ones, and a burst that fills the region is served at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { capacitySnapshot, waitUntil } from '../drills/drill-kit.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';

const SOURCE = 'eu-central-1';
const SLOTS = 8;

describe('client churn (end to end)', () => {
  let gateway: TestGateway;
  before(async () => {
    const config = testConfig({ regions: [SOURCE], maxConcurrent: SLOTS, timeToFirstTokenMs: 2, tokensPerSecond: 50 });
    const deployments = (config.deployments as Array<Record<string, unknown>>).map((d) => ({
      ...d,
      capacity: { maxConcurrent: SLOTS, requestsPerMinute: 100_000, tokensPerMinute: 100_000_000 },
    }));
    const routing = { ...(config.routing as Record<string, unknown>), cancelHoldMs: Number(process.env.CHURN_HOLD_MS ?? 150) };
    gateway = await startTestGateway({ ...config, deployments, routing });
    // Like a real model server, the simulator frees a cancelled request's slot only a while after the reset.
    gateway.simulator(SOURCE).setFaults({ cancelReleaseDelayMs: 50 });
  });
  after(() => gateway.close());

  /** A stream whose client reads the first event, then goes away. Returns the status it got. */
  async function hangUpAfterFirstEvent(i: number): Promise<number> {
    const controller = new AbortController();
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      signal: controller.signal,
      headers: { 'content-type': 'application/json', 'x-georoute-source-region': SOURCE },
      body: JSON.stringify({ model: NOVA_LITE, stream: true, max_tokens: 200, messages: [{ role: 'user', content: `churn ${i}` }] }),
    });
    if (response.status !== 200) {
      await response.text();
      return response.status;
    }
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    await reader.cancel().catch(() => undefined);
    return 200;
  }

  it('keeps the learned limits and answers no 429 after 400 clients hang up after the first event', async () => {
    const statuses: number[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < 400) statuses.push(await hangUpAfterFirstEvent(next++));
    }));
    const counts = statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
    assert.deepEqual(counts, { 200: 400 }, 'every client got its stream, none a 429');

    const sim = gateway.simulator(SOURCE);
    await waitUntil('every slot back', async () => (await capacitySnapshot(gateway, SOURCE)).inFlight === 0 && sim.stats().inFlight === 0, 10_000);
    const snapshot = await capacitySnapshot(gateway, SOURCE);
    assert.equal(snapshot.learnedMaxConcurrent, SLOTS, 'learned concurrency unchanged');
    assert.equal(snapshot.learnedRequestsPerMinute, 100_000, 'learned requests/min unchanged');
    assert.equal(snapshot.throttledUntil, 0, 'no cool-down');
  });
});
