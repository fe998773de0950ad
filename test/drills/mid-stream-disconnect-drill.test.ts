/**
 * Drill 8: an upstream cuts the connection in the middle of a stream. The client gets an explicit error event and
 * never a clean end (no `[DONE]`; the openai client's iteration throws), and the attempt is in the audit record as
 * `interrupted`, with the error code.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { auditRecordOf, candidateIn, capacitySnapshot, chatStreamText, EU_PROFILE, routing, streamEndedWithError, waitUntil } from './drill-kit.js';

const SOURCE = 'eu-central-1';

describe('drill: an upstream disconnecting mid-stream', () => {
  let gateway: TestGateway;
  let client: OpenAI;

  before(async () => {
    gateway = await startTestGateway(routing(testConfig({ tokensPerSecond: 400 }), { breaker: { failureThreshold: 3, openMs: 10_000 } }));
    client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': SOURCE } });
  });
  after(() => gateway.close());
  beforeEach(() => {
    for (const region of ['eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1', 'eu-south-1']) gateway.simulator(region).resetFaults();
  });

  it('ends the stream with an error event and no [DONE]', async () => {
    gateway.simulator(SOURCE).setFaults({ disconnectAfterChunks: 3 });
    const answer = await chatStreamText(gateway, { maxTokens: 40, requestId: 'cut-raw-1' });
    assert.equal(answer.status, 200, 'the stream had started: the status line was already sent');
    assert.equal(answer.inferenceRegion, SOURCE);
    assert.ok(streamEndedWithError(answer), `no clean end: ${answer.text.slice(-300)}`);
    const contentEvents = answer.text.split('\n').filter((line) => line.startsWith('data: {') && line.includes('"content"'));
    assert.ok(contentEvents.length >= 1, 'the chunks before the cut were passed on as they came');
    const errorLine = answer.text.split('\n').find((_line, i, lines) => i > 0 && lines[i - 1] === 'event: error');
    const error = JSON.parse((errorLine ?? '').replace(/^data: /, '')) as { error: { code: string; type: string; message: string } };
    assert.equal(error.error.code, 'stream_interrupted');
    assert.equal(error.error.type, 'server_error');
    assert.ok(error.error.message.length > 0);
  });

  it('makes the openai client’s stream iteration throw, never end quietly', async () => {
    gateway.simulator(SOURCE).setFaults({ disconnectAfterChunks: 2 });
    const stream = await client.chat.completions.create({ model: EU_PROFILE, messages: [{ role: 'user', content: 'cut me off' }], max_tokens: 40, stream: true });
    let chunks = 0;
    await assert.rejects(async () => {
      for await (const chunk of stream) if (chunk.choices[0]?.delta?.content) chunks += 1;
    });
    assert.ok(chunks >= 1 && chunks <= 3, `received ${chunks} content chunks before the error`);
  });

  it('records the attempt as interrupted, with the error code, in the audit trail', async () => {
    gateway.simulator(SOURCE).setFaults({ disconnectAfterChunks: 1 });
    const answer = await chatStreamText(gateway, { maxTokens: 40, requestId: 'cut-audit-1' });
    assert.ok(streamEndedWithError(answer));
    const record = await waitUntil('the audit record', () => auditRecordOf(gateway, SOURCE, 'cut-audit-1'));
    assert.equal(record.errorCode, 'stream_interrupted');
    assert.equal(record.additionalEventData.outcome, 'failure');
    assert.equal(record.additionalEventData.stream, true);
    assert.equal(record.additionalEventData.inferenceRegion, SOURCE);
    const attempts = record.additionalEventData.attempts;
    assert.equal(attempts.length, 1);
    assert.equal(attempts[0].region, SOURCE);
    assert.equal(attempts[0].outcome, 'interrupted');
    assert.ok(record.additionalEventData.outputTokens >= 1, 'the tokens that did stream are accounted');
  });

  it('frees the capacity of a cut stream', async () => {
    gateway.simulator(SOURCE).setFaults({ disconnectAfterChunks: 1 });
    await Promise.all(Array.from({ length: 4 }, () => chatStreamText(gateway, { maxTokens: 40 })));
    await waitUntil('in-flight to return to 0', async () => (await capacitySnapshot(gateway, SOURCE)).inFlight === 0 && gateway.simulator(SOURCE).stats().inFlight === 0);
  });
});

// A region that keeps cutting streams is failing, exactly like one that refuses connections: after
// failureThreshold cut streams its breaker opens and new streams start elsewhere. A fresh gateway, so that the
// cuts of the tests above do not count.
describe('drill: repeated mid-stream cuts', () => {
  let gateway: TestGateway;

  before(async () => {
    gateway = await startTestGateway(routing(testConfig({ tokensPerSecond: 400 }), { breaker: { failureThreshold: 3, openMs: 10_000 } }));
  });
  after(() => gateway.close());

  it('counts repeated mid-stream cuts against the region’s breaker', async () => {
    const source = gateway.simulator(SOURCE);
    source.setFaults({ disconnectAfterChunks: 1 });
    for (let i = 0; i < 3; i += 1) assert.ok(streamEndedWithError(await chatStreamText(gateway, { maxTokens: 40 })));
    const candidate = await candidateIn(gateway, SOURCE);
    assert.equal(candidate.breaker, 'open', `breaker after 3 cut streams: ${candidate.breaker}`);
    const next = await chatStreamText(gateway, { maxTokens: 40 });
    assert.notEqual(next.inferenceRegion, SOURCE);
  });

});
