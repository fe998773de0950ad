/**
 * Drill 9: a stalled upstream (accepts the request, never answers). The deployment's first-byte timeout fires and
 * the request moves on to another region while time remains in its routing deadline; when every region stalls,
 * the deadline ends the request with a clear timeout instead of a hang.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { EU_REGIONS, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { auditRecordOf, capacitySnapshot, chat, chatStreamText, EU_PROFILE, patchDeployments, routing, streamEndedCleanly, waitUntil } from './drill-kit.js';

const SOURCE = 'eu-central-1';
const FIRST_BYTE_MS = 300;

function stallConfig(deadlineMs: number, firstByteMs = FIRST_BYTE_MS): Record<string, unknown> {
  const base = routing(testConfig(), { deadlineMs, breaker: { failureThreshold: 3, openMs: 10_000 } });
  return patchDeployments(base, [...EU_REGIONS], { timeouts: { connectMs: 1_000, firstByteMs, idleMs: 2_000 } });
}

describe('drill: a stalled upstream', () => {
  let gateway: TestGateway | undefined;
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  it('times the stalled region out and answers from the next one, inside the deadline', async () => {
    const gw = (gateway = await startTestGateway(stallConfig(10_000)));
    gw.simulator(SOURCE).setFaults({ stall: true });
    const startedAt = Date.now();
    const answer = await chat(gw, { requestId: 'stall-1' });
    const tookMs = Date.now() - startedAt;
    assert.equal(answer.status, 200, answer.text);
    assert.notEqual(answer.inferenceRegion, SOURCE);
    assert.ok(EU_REGIONS.includes(answer.inferenceRegion as (typeof EU_REGIONS)[number]));
    assert.equal(answer.attempts, 2);
    assert.ok(tookMs >= FIRST_BYTE_MS * 0.9, 'the stalled region was given its first-byte timeout');
    assert.ok(tookMs < 5_000, `failed over long before the 10 s deadline (${tookMs} ms)`);
    assert.equal(gw.simulator(SOURCE).stats().stalled, 1);

    const record = auditRecordOf(gw, SOURCE, 'stall-1');
    assert.ok(record);
    const [first, second] = record.additionalEventData.attempts;
    assert.equal(first.region, SOURCE);
    assert.equal(first.outcome, 'timeout');
    assert.equal(second.outcome, 'success');
    // The timed-out attempt's lease is given back.
    await waitUntil('the stalled attempt to release its slot', async () => (await capacitySnapshot(gw, SOURCE)).inFlight === 0);
  });

  it('does the same for a streaming request, which then streams cleanly from the next region', async () => {
    const gw = (gateway = await startTestGateway(stallConfig(10_000)));
    gw.simulator(SOURCE).setFaults({ stall: true });
    const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: 'unused', maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': SOURCE } });
    const { data: stream, response } = await client.chat.completions
      .create({ model: EU_PROFILE, messages: [{ role: 'user', content: 'stall then stream' }], max_tokens: 16, stream: true })
      .withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    assert.ok(text.length > 0);
    assert.notEqual(response.headers.get('x-georoute-inference-region'), SOURCE);
    assert.equal(response.headers.get('x-georoute-attempts'), '2');
    const raw = await chatStreamText(gw, { maxTokens: 8 });
    assert.ok(streamEndedCleanly(raw));
  });

  it('moves on region after region while the deadline allows, then answers 408 instead of hanging', async () => {
    const gw = (gateway = await startTestGateway(stallConfig(2_500)));
    for (const region of EU_REGIONS) gw.simulator(region).setFaults({ stall: true });
    const startedAt = Date.now();
    const answer = await chat(gw, { requestId: 'stall-all' });
    const tookMs = Date.now() - startedAt;
    assert.equal(answer.status, 408, answer.text);
    const body = JSON.parse(answer.text) as { error: { code: string; type: string } };
    assert.equal(body.error.code, 'model_timeout');
    assert.equal(body.error.type, 'timeout_error');
    assert.ok(tookMs < 6_000, `ended near its 2.5 s deadline (${tookMs} ms)`);

    const record = auditRecordOf(gw, SOURCE, 'stall-all');
    assert.ok(record);
    const attempts = record.additionalEventData.attempts;
    assert.ok(attempts.length >= 2, `tried more than one region before the deadline (${attempts.length})`);
    assert.equal(new Set(attempts.map((a) => a.region)).size, attempts.length, 'no region tried twice');
    assert.ok(attempts.every((a) => a.outcome === 'timeout' && EU_REGIONS.includes(a.region as (typeof EU_REGIONS)[number])));
    assert.equal(gw.simulator('eu-west-2').stats().received, 0);
    assert.equal(gw.simulator('us-east-1').stats().received, 0);
  });

  // undici arms headersTimeout on its coarse "fast timers" (about 1 s resolution), so the adapters run their own
  // first-byte timer (src/providers/first-byte-deadline.ts). A 100 ms timeout must not wait for undici's ~1 s tick;
  // the bound leaves generous room for a loaded machine.
  it('honours a first-byte timeout shorter than a second', async () => {
    const firstByteMs = 100;
    const gw = (gateway = await startTestGateway(stallConfig(10_000, firstByteMs)));
    gw.simulator(SOURCE).setFaults({ stall: true });
    const answer = await chat(gw, { requestId: 'stall-precise' });
    assert.equal(answer.status, 200);
    const timedOut = auditRecordOf(gw, SOURCE, 'stall-precise')?.additionalEventData.attempts[0];
    assert.equal(timedOut?.outcome, 'timeout');
    assert.ok((timedOut?.durationMs ?? 0) < 700, `a ${firstByteMs} ms first-byte timeout fired after ${timedOut?.durationMs} ms`);
  });
});
