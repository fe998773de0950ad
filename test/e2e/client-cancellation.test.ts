/**
 * A client that goes away cancels its upstream request and frees its capacity: the simulator sees the request
 * cancelled and its in-flight count return to 0, the gateway's own in-flight count and headroom recover, and the
 * audit record says the client closed the connection.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { auditRecordOf, candidateIn, capacitySnapshot, EU_PROFILE, waitUntil } from '../drills/drill-kit.js';
import { startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';

const SOURCE = 'eu-central-1';

describe('client cancellation (end to end)', () => {
  let gateway: TestGateway;
  before(async () => {
    // Slow generation so a stream is still running when the client leaves.
    gateway = await startTestGateway(testConfig({ maxConcurrent: 4, timeToFirstTokenMs: 20, tokensPerSecond: 10 }));
  });
  after(() => gateway.close());
  beforeEach(() => gateway.simulator(SOURCE).resetFaults());

  function post(body: Record<string, unknown>, signal: AbortSignal, requestId: string): Promise<Response> {
    return fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      signal,
      headers: { 'content-type': 'application/json', 'x-georoute-source-region': SOURCE, 'x-request-id': requestId },
      body: JSON.stringify({ model: EU_PROFILE, messages: [{ role: 'user', content: `cancel ${requestId}` }], max_tokens: 200, ...body }),
    });
  }

  async function assertCapacityFreed(cancelledBefore: number): Promise<void> {
    const sim = gateway.simulator(SOURCE);
    await waitUntil('the simulator to see the cancellation', () => sim.stats().cancelled > cancelledBefore && sim.stats().inFlight === 0);
    await waitUntil('the gateway to free the slot', async () => (await capacitySnapshot(gateway, SOURCE)).inFlight === 0);
    const candidate = await candidateIn(gateway, SOURCE);
    assert.equal(candidate.headroom, 1, 'full headroom again');
    assert.equal(candidate.breaker, 'closed', 'a client leaving is not the region failing');
  }

  it('cancels a stream mid-way and frees its capacity', async () => {
    const cancelledBefore = gateway.simulator(SOURCE).stats().cancelled;
    const controller = new AbortController();
    const response = await post({ stream: true }, controller.signal, 'cancel-stream-1');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-georoute-inference-region'), SOURCE);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    assert.ok(first.value && first.value.length > 0, 'the stream had started');
    assert.equal((await capacitySnapshot(gateway, SOURCE)).inFlight, 1);
    controller.abort();
    await reader.cancel().catch(() => undefined);

    await assertCapacityFreed(cancelledBefore);
    const record = await waitUntil('the audit record', () => auditRecordOf(gateway, SOURCE, 'cancel-stream-1'));
    assert.equal(record.errorCode, 'client_closed');
    assert.equal(record.additionalEventData.status, 499);
    assert.equal(record.additionalEventData.attempts.at(-1)?.outcome, 'interrupted');
  });

  it('cancels a non-streaming request before the answer and frees its capacity', async () => {
    const sim = gateway.simulator(SOURCE);
    sim.setFaults({ latencyMs: 5_000 });
    const cancelledBefore = sim.stats().cancelled;
    const controller = new AbortController();
    const pending = post({}, controller.signal, 'cancel-json-1').catch((error: unknown) => error);
    await waitUntil('the request to reach the simulator', () => sim.stats().inFlight === 1);
    controller.abort();
    assert.ok((await pending) instanceof Error, 'the client saw its own abort');

    await assertCapacityFreed(cancelledBefore);
    const record = await waitUntil('the audit record', () => auditRecordOf(gateway, SOURCE, 'cancel-json-1'));
    assert.equal(record.errorCode, 'client_closed');
    assert.equal(record.additionalEventData.attempts.at(-1)?.outcome, 'cancelled');
  });

  it('lets the freed capacity serve the next requests at once', async () => {
    const controllers = Array.from({ length: 4 }, () => new AbortController());
    const streams = await Promise.all(controllers.map((c, i) => post({ stream: true }, c.signal, `cancel-many-${i}`)));
    assert.equal((await capacitySnapshot(gateway, SOURCE)).inFlight, 4);
    for (const c of controllers) c.abort();
    await Promise.all(streams.map((s) => s.body?.cancel().catch(() => undefined)));
    await waitUntil('all four slots to be free', async () => (await capacitySnapshot(gateway, SOURCE)).inFlight === 0 && gateway.simulator(SOURCE).stats().inFlight === 0);
    const next = await post({ max_tokens: 2 }, new AbortController().signal, 'after-cancel');
    assert.equal(next.status, 200);
    assert.equal(next.headers.get('x-georoute-inference-region'), SOURCE, 'the source region has room again');
    await next.text();
  });
});
