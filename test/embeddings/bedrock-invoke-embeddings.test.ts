/**
 * The AWS SDK's InvokeModel with the Titan Text Embeddings V2 and Cohere Embed bodies, unmodified, against a
 * gateway backed by simulators over HTTP; the same text embeds to the same vector through either surface.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InvokeModelCommand, InvokeModelWithResponseStreamCommand, ValidationException } from '@aws-sdk/client-bedrock-runtime';
import OpenAI from 'openai';
import { readAuditRecords } from '../support/read-audit-records.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { API_KEY, captureResponseHeaders, sdkClient, testAuth, testEnv } from '../bedrock/bedrock-test-kit.js';
import { COHERE, embeddingTestConfig, norm, TITAN } from './embedding-test-kit.js';

const encode = (body: unknown) => new TextEncoder().encode(JSON.stringify(body));
const decode = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;

describe('InvokeModel with embedding bodies through the AWS SDK', () => {
  let gateway: TestGateway;

  before(async () => {
    gateway = await startTestGateway(embeddingTestConfig({ auth: testAuth }), { env: testEnv() });
  });
  after(() => gateway.close());

  it('embeds a Titan body, with Bedrock headers, and the vector equals the OpenAI surface for the same text', async () => {
    const client = sdkClient(gateway, 'eu-central-1');
    const headers = captureResponseHeaders(client);
    const out = await client.send(new InvokeModelCommand({ modelId: `eu.${TITAN}`, body: encode({ inputText: 'shared text', dimensions: 512 }), contentType: 'application/json' }));
    const body = decode(out.body) as { embedding: number[]; inputTextTokenCount: number; embeddingsByType: { float: number[] } };
    assert.equal(body.embedding.length, 512);
    assert.ok(Math.abs(norm(body.embedding) - 1) < 1e-5);
    assert.deepEqual(body.embeddingsByType.float, body.embedding);
    assert.ok(body.inputTextTokenCount > 0);
    assert.equal(headers.last()['x-amzn-bedrock-input-token-count'], String(body.inputTextTokenCount));
    assert.equal(headers.last()['x-georoute-inference-region'], 'eu-central-1');
    const openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: API_KEY, maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': 'eu-central-1' } });
    const viaOpenAi = await openai.embeddings.create({ model: `eu.${TITAN}`, input: 'shared text', dimensions: 512, encoding_format: 'float' });
    assert.deepEqual(viaOpenAi.data[0].embedding, body.embedding);
  });

  it('returns Titan binary embeddings and unnormalized vectors when the body asks', async () => {
    const client = sdkClient(gateway, 'eu-central-1');
    const out = await client.send(new InvokeModelCommand({ modelId: TITAN, body: encode({ inputText: 'bits', dimensions: 256, normalize: false, embeddingTypes: ['float', 'binary'] }) }));
    const body = decode(out.body) as { embedding: number[]; embeddingsByType: { float: number[]; binary: number[] } };
    assert.equal(body.embeddingsByType.binary.length, 256);
    assert.ok(body.embeddingsByType.binary.every((b) => b === 0 || b === 1));
    assert.ok(Math.abs(norm(body.embedding) - 1) > 1e-3, 'normalize: false is honoured');
  });

  it('embeds a Cohere body: floats by default, by type when embedding_types is given', async () => {
    const client = sdkClient(gateway, 'eu-central-1');
    const plain = decode((await client.send(new InvokeModelCommand({ modelId: COHERE, body: encode({ texts: ['one', 'two', 'three'], input_type: 'search_query' }) }))).body);
    assert.equal(plain.response_type, 'embeddings_floats');
    assert.deepEqual(plain.texts, ['one', 'two', 'three']);
    const floats = plain.embeddings as number[][];
    assert.equal(floats.length, 3);
    assert.equal(floats[0].length, 1024);
    const typed = decode((await client.send(new InvokeModelCommand({ modelId: COHERE, body: encode({ texts: ['one'], input_type: 'search_document', embedding_types: ['float', 'int8'] }) }))).body);
    assert.equal(typed.response_type, 'embeddings_by_type');
    const byType = typed.embeddings as { float: number[][]; int8: number[][] };
    assert.deepEqual(byType.float[0], floats[0]);
    assert.ok(byType.int8[0].every((v) => Number.isInteger(v) && v >= -128 && v <= 127));
  });

  it('answers bad embedding bodies, streams and unknown tiers with typed ValidationExceptions', async () => {
    const client = sdkClient(gateway, 'eu-central-1');
    await assert.rejects(client.send(new InvokeModelCommand({ modelId: TITAN, body: encode({ texts: ['wrong family'] }) })), ValidationException);
    await assert.rejects(client.send(new InvokeModelCommand({ modelId: COHERE, body: encode({ texts: ['x'] }) })), (e: unknown) => e instanceof ValidationException && /input_type/.test(e.message));
    await assert.rejects(client.send(new InvokeModelCommand({ modelId: COHERE, body: encode({ texts: ['x'], input_type: 'clustering', output_dimension: 256 }) })), (e: unknown) => e instanceof ValidationException && /output_dimension/.test(e.message));
    await assert.rejects(client.send(new InvokeModelWithResponseStreamCommand({ modelId: TITAN, body: encode({ inputText: 'x' }) })), ValidationException);
    await assert.rejects(client.send(new InvokeModelCommand({ modelId: TITAN, body: encode({ inputText: 'x' }), serviceTier: 'cheapest' as 'flex' })), ValidationException);
  });

  it('answers a ValidationException naming a guardrail or latency header, which no embedding path can apply, instead of ignoring it', async () => {
    const client = sdkClient(gateway, 'eu-central-1');
    const body = encode({ inputText: 'guarded' });
    await assert.rejects(
      client.send(new InvokeModelCommand({ modelId: TITAN, body, guardrailIdentifier: 'gr-1', guardrailVersion: '1' })),
      (e: unknown) => e instanceof ValidationException && /honour X-Amzn-Bedrock-GuardrailIdentifier/.test(e.message),
    );
    await assert.rejects(
      client.send(new InvokeModelCommand({ modelId: COHERE, body: encode({ texts: ['x'], input_type: 'search_query' }), performanceConfigLatency: 'optimized' })),
      (e: unknown) => e instanceof ValidationException && /honour X-Amzn-Bedrock-PerformanceConfig-Latency/.test(e.message),
    );
    const plain = decode((await client.send(new InvokeModelCommand({ modelId: TITAN, body, performanceConfigLatency: 'standard' as 'optimized' }))).body);
    assert.ok(Array.isArray(plain.embedding), 'the standard latency asks nothing');
  });

  it('passes the service tier to the Bedrock upstream and echoes it, recording InvokeModel in the source region', async () => {
    const client = sdkClient(gateway, 'eu-central-1');
    const out = await client.send(new InvokeModelCommand({ modelId: `eu.${TITAN}`, body: encode({ inputText: 'tiered' }), serviceTier: 'flex' }));
    assert.equal(out.serviceTier, 'flex');
    const record = readAuditRecords(gateway.dataDir, 'eu-central-1').find((r) => r.requestID === out.$metadata.requestId);
    assert.ok(record);
    assert.equal(record.eventName, 'InvokeModel');
    assert.ok((record.additionalEventData.inputTokens as number) > 0);
  });
});
