/** The official `openai` client's `embeddings.create`, unmodified, against a gateway backed by simulators over HTTP. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { readAuditRecords } from '../support/read-audit-records.js';
import { NOVA_LITE, startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { embeddingTestConfig, norm, OPENAI_EMBED, TITAN } from './embedding-test-kit.js';

describe('POST /v1/embeddings with the openai client', () => {
  let gateway: TestGateway;
  let client: OpenAI;

  before(async () => {
    gateway = await startTestGateway(embeddingTestConfig());
    client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': 'eu-central-1' } });
  });
  after(() => gateway.close());

  it('embeds an array of strings as floats, in the EU, one unit vector per input', async () => {
    const { data, response } = await client.embeddings
      .create({ model: `eu.${TITAN}`, input: ['the river', 'the mountain'], encoding_format: 'float' })
      .withResponse();
    assert.equal(data.object, 'list');
    assert.equal(data.data.length, 2);
    assert.deepEqual(data.data.map((d) => d.index), [0, 1]);
    for (const item of data.data) {
      assert.equal(item.object, 'embedding');
      assert.equal(item.embedding.length, 1024);
      assert.ok(Math.abs(norm(item.embedding) - 1) < 1e-5);
    }
    assert.notDeepEqual(data.data[0].embedding, data.data[1].embedding);
    assert.equal(data.model, `eu.${TITAN}`);
    assert.ok(data.usage.prompt_tokens > 0);
    assert.equal(data.usage.total_tokens, data.usage.prompt_tokens);
    assert.equal(response.headers.get('x-georoute-inference-region'), 'eu-central-1');
    assert.equal(response.headers.get('x-georoute-profile'), `eu.${TITAN}`);
  });

  it('gives the same vectors as base64 (the SDK default, decoded by it) and as floats', async () => {
    const floats = await client.embeddings.create({ model: `eu.${TITAN}`, input: 'same text', encoding_format: 'float' });
    const decoded = await client.embeddings.create({ model: `eu.${TITAN}`, input: 'same text' });
    assert.deepEqual(decoded.data[0].embedding, floats.data[0].embedding);
    const raw = await fetch(`${gateway.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: `eu.${TITAN}`, input: 'same text', encoding_format: 'base64' }),
    });
    const body = (await raw.json()) as { data: Array<{ embedding: string }> };
    assert.equal(typeof body.data[0].embedding, 'string');
    assert.equal(Buffer.from(body.data[0].embedding, 'base64').length, 1024 * 4);
  });

  it('honours dimensions, and refuses a size the model cannot produce naming dimensions', async () => {
    const small = await client.embeddings.create({ model: `eu.${TITAN}`, input: 'short', dimensions: 256, encoding_format: 'float' });
    assert.equal(small.data[0].embedding.length, 256);
    await assert.rejects(
      client.embeddings.create({ model: `eu.${TITAN}`, input: 'short', dimensions: 300 }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && error.param === 'dimensions' && /256, 512, 1024/.test(error.message),
    );
  });

  it('takes token-id arrays where the upstream can (OpenAI wire) and names input where it cannot (Titan)', async () => {
    const tokens = await client.embeddings.create({ model: OPENAI_EMBED, input: [[1, 2, 3], [4, 5]], encoding_format: 'float' });
    assert.equal(tokens.data.length, 2);
    assert.equal(tokens.data[0].embedding.length, 1536);
    assert.equal(tokens.usage.prompt_tokens, 5);
    await assert.rejects(
      client.embeddings.create({ model: `eu.${TITAN}`, input: [1, 2, 3] }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && error.param === 'input' && /can honour input/.test(error.message),
    );
  });

  it('refuses a chat request to an embedding model and an embedding request to a chat model, with 400s', async () => {
    await assert.rejects(
      client.chat.completions.create({ model: `eu.${TITAN}`, messages: [{ role: 'user', content: 'hi' }] }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && /embedding model/.test(error.message) && error.param === 'model',
    );
    await assert.rejects(
      client.embeddings.create({ model: `eu.${NOVA_LITE}`, input: 'hi' }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && /chat model/.test(error.message),
    );
  });

  it('refuses malformed requests in OpenAI shape, naming the member', async () => {
    await assert.rejects(client.embeddings.create({ model: `eu.${TITAN}`, input: '' }), (e: unknown) => e instanceof OpenAI.BadRequestError && e.param === 'input');
    await assert.rejects(client.embeddings.create({ model: 'no-such-model', input: 'x' }), (e: unknown) => e instanceof OpenAI.NotFoundError);
    const unknown = await fetch(`${gateway.url}/v1/embeddings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: TITAN, input: 'x', colour: 'red' }) });
    assert.equal(unknown.status, 400);
    assert.match(((await unknown.json()) as { error: { message: string } }).error.message, /colour/);
  });

  it('routes the us. profile inside the US and lists both kinds in GET /v1/models', async () => {
    const us = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': 'us-east-1' } });
    const { response } = await us.embeddings.create({ model: `us.${TITAN}`, input: 'in the us' }).withResponse();
    assert.equal(response.headers.get('x-georoute-inference-region'), 'us-east-1');
    const models = (await client.models.list()).data as Array<OpenAI.Model & { georoute: { kind: string } }>;
    assert.equal(models.find((m) => m.id === `eu.${TITAN}`)?.georoute.kind, 'embedding');
    assert.equal(models.find((m) => m.id === `eu.${NOVA_LITE}`)?.georoute.kind, 'chat');
  });

  it('audits every embedding request with its input tokens and cost at the source region price, and no content', async () => {
    const { response } = await client.embeddings.create({ model: `eu.${TITAN}`, input: 'audited secret words', encoding_format: 'float' }).withResponse();
    const requestId = response.headers.get('x-request-id');
    const records = readAuditRecords(gateway.dataDir, 'eu-central-1');
    const record = records.find((r) => r.requestID === requestId);
    assert.ok(record, 'the request has an audit record');
    assert.equal(record.eventName, 'Embeddings');
    assert.equal(record.additionalEventData.inferenceRegion, 'eu-central-1');
    assert.ok((record.additionalEventData.inputTokens as number) > 0);
    assert.equal(record.additionalEventData.outputTokens, 0);
    const cost = record.additionalEventData.cost as { picos: string; currency: string };
    // 0.024 USD per million tokens in eu-central-1 = 24 000 picos per token.
    assert.equal(BigInt(cost.picos.split('.')[0]), BigInt(record.additionalEventData.inputTokens as number) * 24_000n);
    assert.doesNotMatch(JSON.stringify(record), /secret words/);
    const refused = records.filter((r) => r.eventName === 'Embeddings' && r.errorCode === 'invalid_request');
    assert.ok(refused.length > 0, 'refused embedding requests are audited too');
  });
});
