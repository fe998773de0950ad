/**
 * Two things the stateless default leaves out, each against a real gateway and simulators over HTTP with the
 * openai SDK: the fast path to a deployment that speaks the Responses API itself (`wireFormats`: the body goes
 * through, the simulator's `/v1/responses` answers, usage is still accounted), and the response store
 * (`responses.store`): `previous_response_id`, `item_reference` and `GET /v1/responses/{id}` work, only from the
 * source region that stored the response and only for the caller that made it, and the store file is that region's.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { readAuditRecords } from '../../support/read-audit-records.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../../support/test-gateway.js';

const MODEL = `eu.${NOVA_LITE}`;

function clientFor(gateway: TestGateway, sourceRegion: string): OpenAI {
  return new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': sourceRegion } });
}

describe('Responses fast path to a deployment that speaks the Responses API', () => {
  let gateway: TestGateway;
  before(async () => {
    const config = testConfig({ regions: ['eu-central-1'] });
    const deployments = config.deployments as Array<Record<string, unknown>>;
    deployments[0] = { ...deployments[0], wireFormats: ['openai-responses'] };
    gateway = await startTestGateway(config);
  });
  after(() => gateway.close());

  it('relays the body to the simulator\'s /v1/responses, JSON and stream, and accounts the usage', async () => {
    const client = clientFor(gateway, 'eu-central-1');
    const before = gateway.simulator('eu-central-1').stats().operations;
    const whole = await client.responses.create({ model: MODEL, input: 'hello', max_output_tokens: 6 });
    assert.ok(whole.output_text.length > 0);
    const stream = client.responses.stream({ model: MODEL, input: 'hello again', max_output_tokens: 6 });
    for await (const _event of stream) void _event;
    const streamed = await stream.finalResponse();
    const after = gateway.simulator('eu-central-1').stats().operations;
    assert.equal(after.responses - before.responses, 2, 'both went to /v1/responses');
    assert.equal(after['chat.completions'] - before['chat.completions'], 0, 'none was converted to chat');
    const records = readAuditRecords(gateway.dataDir, 'eu-central-1').filter((r) => r.eventName === 'Responses');
    assert.deepEqual(records.map((r) => r.additionalEventData.outputTokens), [whole.usage?.output_tokens, streamed.usage?.output_tokens]);
  });

  it('the body still goes through the gateway\'s checks: store: true without a store is a 400', async () => {
    await assert.rejects(clientFor(gateway, 'eu-central-1').responses.create({ model: MODEL, input: 'hi', store: true }), (e: unknown) => e instanceof OpenAI.BadRequestError);
  });
});

describe('the response store (responses.store)', () => {
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway(testConfig({ overrides: { responses: { store: { enabled: true, retentionHours: 1 } } } }));
  });
  after(() => gateway.close());

  it('continues a conversation with previous_response_id, and retrieves a stored response', async () => {
    const client = clientFor(gateway, 'eu-central-1');
    const first = await client.responses.create({ model: MODEL, input: 'My name is Ada.', max_output_tokens: 8 });
    assert.equal((first as unknown as { store: boolean }).store, true, 'with a store, an absent store means keep it, as at OpenAI');
    const second = await client.responses.create({ model: MODEL, input: 'What is my name?', previous_response_id: first.id, max_output_tokens: 8 });
    assert.equal(second.previous_response_id, first.id);
    assert.ok((second.usage?.input_tokens ?? 0) > (first.usage?.input_tokens ?? 0), 'the previous turn is part of the input');
    const retrieved = await client.responses.retrieve(first.id);
    assert.equal(retrieved.output_text, first.output_text);
    assert.ok(existsSync(join(gateway.dataDir, 'responses', 'eu-central-1.sqlite')));
  });

  it('resolves an item_reference to an item of a stored response', async () => {
    const client = clientFor(gateway, 'eu-central-1');
    const first = await client.responses.create({ model: MODEL, input: 'Say something.', max_output_tokens: 8 });
    const itemId = first.output[0]?.id ?? '';
    const second = await client.responses.create({
      model: MODEL,
      max_output_tokens: 8,
      input: [{ role: 'user', content: 'Say something.' }, { type: 'item_reference', id: itemId }, { role: 'user', content: 'Again.' }],
    });
    assert.ok(second.output_text.length > 0);
  });

  it('store: false is not kept', async () => {
    const client = clientFor(gateway, 'eu-central-1');
    const unkept = await client.responses.create({ model: MODEL, input: 'forget me', store: false, max_output_tokens: 4 });
    await assert.rejects(client.responses.retrieve(unkept.id), (e: unknown) => e instanceof OpenAI.NotFoundError);
  });

  it('a response is found only from its own source region', async () => {
    const stored = await clientFor(gateway, 'eu-central-1').responses.create({ model: MODEL, input: 'kept in Frankfurt', max_output_tokens: 4 });
    const elsewhere = clientFor(gateway, 'eu-west-1');
    await assert.rejects(elsewhere.responses.retrieve(stored.id), (e: unknown) => e instanceof OpenAI.NotFoundError);
    await assert.rejects(
      elsewhere.responses.create({ model: MODEL, input: 'continue', previous_response_id: stored.id }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && (e.error as { param?: string }).param === 'previous_response_id',
    );
  });

  it('a streamed response is kept too, once complete', async () => {
    const client = clientFor(gateway, 'eu-central-1');
    const stream = client.responses.stream({ model: MODEL, input: 'stream and keep', max_output_tokens: 6 });
    for await (const _event of stream) void _event;
    const final = await stream.finalResponse();
    const retrieved = await client.responses.retrieve(final.id);
    assert.equal(retrieved.output_text, final.output_text);
  });
});
