/**
 * Embeddings through the Vercel AI SDK, unmodified: `embed` and `embedMany` with `@ai-sdk/openai`'s
 * `createOpenAI(...).embedding(id)` and with `@ai-sdk/openai-compatible`'s `embeddingModel(id)`, against the
 * gateway's `POST /v1/embeddings`, backed by region simulators over HTTP (Titan through Bedrock InvokeModel, an
 * OpenAI-style model through `/v1/embeddings`). The simulators' vectors are deterministic per text, so a batch can be
 * checked against one call per value: same vectors, same order.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { embed, embedMany, type EmbeddingModel } from 'ai';
import { embeddingTestConfig, norm, OPENAI_EMBED, TITAN } from '../embeddings/embedding-test-kit.js';
import { readAuditRecords } from '../support/read-audit-records.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

const EU_TITAN = `eu.${TITAN}`;
const VALUES = ['the river', 'the mountain', 'the sea at night', 'a forest'];

const HEADERS = { 'x-georoute-source-region': 'eu-central-1' };

/** Each client as a team writes it: the embedding model for an id, and how it asks for a vector size. */
const CLIENTS: Array<{ name: string; model: (baseURL: string, id: string) => EmbeddingModel; dimensions: (size: number) => Record<string, Record<string, number>> }> = [
  {
    name: '@ai-sdk/openai createOpenAI(...).embedding',
    model: (baseURL, id) => createOpenAI({ baseURL, apiKey: 'unused', headers: HEADERS }).embedding(id),
    dimensions: (size) => ({ openai: { dimensions: size } }),
  },
  {
    name: '@ai-sdk/openai-compatible embeddingModel',
    model: (baseURL, id) => createOpenAICompatible({ name: 'georoute', baseURL, apiKey: 'unused', headers: HEADERS }).embeddingModel(id),
    dimensions: (size) => ({ georoute: { dimensions: size } }),
  },
];

describe('Vercel AI SDK embed and embedMany against georoute', () => {
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway(embeddingTestConfig());
  });
  after(() => gateway.close());

  for (const client of CLIENTS) {
    const model = (id: string) => client.model(`${gateway.url}/v1`, id);
    describe(client.name, () => {
      it('embed gives one unit vector of the model\'s size, with usage, processed in the EU', async () => {
        const result = await embed({ model: model(EU_TITAN), value: 'the river', maxRetries: 0 });
        assert.equal(result.embedding.length, 1024);
        assert.ok(Math.abs(norm(result.embedding) - 1) < 1e-5, 'a unit vector');
        assert.ok(result.usage.tokens > 0, 'usage tokens reported');
        assert.equal(result.response?.headers?.['x-georoute-inference-region'], 'eu-central-1');
        assert.equal(result.response?.headers?.['x-georoute-profile'], EU_TITAN);
        const requestId = result.response?.headers?.['x-request-id'];
        const record = readAuditRecords(gateway.dataDir, 'eu-central-1').find((r) => r.requestID === requestId);
        assert.ok(record !== undefined, `audited in the source region as ${String(requestId)}`);
        assert.equal(record.eventName, 'Embeddings');
        assert.equal(record.requestParameters.modelId, EU_TITAN);
        assert.equal(record.additionalEventData.inferenceRegion, 'eu-central-1');
      });

      it('embedMany returns one vector per value, in order: the same vectors as one embed per value', async () => {
        const many = await embedMany({ model: model(EU_TITAN), values: VALUES, maxRetries: 0 });
        assert.deepEqual(many.values, VALUES);
        assert.equal(many.embeddings.length, VALUES.length);
        for (const vector of many.embeddings) assert.equal(vector.length, 1024);
        assert.equal(new Set(many.embeddings.map((v) => v.join(','))).size, VALUES.length, 'distinct texts, distinct vectors');
        const singles = await Promise.all(VALUES.map((value) => embed({ model: model(EU_TITAN), value, maxRetries: 0 })));
        singles.forEach((single, i) => assert.deepEqual(many.embeddings[i], single.embedding, `vector ${i} is the one for "${VALUES[i]}"`));
        assert.ok(many.usage.tokens > 0, 'usage tokens reported');
        assert.equal(many.usage.tokens, singles.reduce((sum, s) => sum + s.usage.tokens, 0), 'the batch counts the tokens of its values');
      });

      it('an OpenAI-wire embedding model: 1536 floats per value, and providerOptions dimensions honoured', async () => {
        const many = await embedMany({ model: model(OPENAI_EMBED), values: VALUES.slice(0, 2), maxRetries: 0 });
        assert.deepEqual(many.embeddings.map((v) => v.length), [1536, 1536]);
        assert.ok(many.usage.tokens > 0);
        const small = await embed({ model: model(EU_TITAN), value: 'short', providerOptions: client.dimensions(256), maxRetries: 0 });
        assert.equal(small.embedding.length, 256);
      });
    });
  }
});
