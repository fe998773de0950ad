/**
 * Service tiers end to end with the AWS SDK and the openai client: Converse `serviceTier`, InvokeModel's
 * `X-Amzn-Bedrock-Service-Tier` and OpenAI `service_tier` reach the upstream, come back where the wire echoes
 * them, are kept in the audit record and priced at the model's tier price (`models[].tierPrices`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConverseCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import OpenAI from 'openai';
import { readAuditRecords } from '../support/read-audit-records.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { API_KEY, novaBody, sdkClient, testAuth, testEnv } from '../bedrock/bedrock-test-kit.js';

const SOURCE = 'eu-central-1';

describe('service tiers', () => {
  let gateway: TestGateway;

  before(async () => {
    const config = testConfig({ auth: testAuth, regions: [SOURCE] });
    config.models = [{
      id: NOVA_LITE,
      name: 'Nova Lite',
      nativeFormat: 'nova',
      price: { inputPerMillion: '1', outputPerMillion: '2' },
      regionPrices: { [SOURCE]: { inputPerMillion: '3', outputPerMillion: '4' } },
      tierPrices: { flex: { inputPerMillion: '0.5', outputPerMillion: '1' }, priority: { inputPerMillion: '10', outputPerMillion: '20' } },
    }];
    gateway = await startTestGateway(config, { env: testEnv() });
  });
  after(() => gateway.close());

  function recordOf(requestId: string | undefined | null) {
    const record = readAuditRecords(gateway.dataDir, SOURCE).find((r) => r.requestID === requestId);
    assert.ok(record, `an audit record for ${requestId}`);
    return record.additionalEventData as unknown as { serviceTier?: string; inputTokens: number; outputTokens: number; cost: { picos: string } };
  }

  /** Exact picos for a price in micro-units per million tokens: tokens x micros. */
  const picos = (tokens: { inputTokens: number; outputTokens: number }, inputMicros: number, outputMicros: number) =>
    String(tokens.inputTokens * inputMicros + tokens.outputTokens * outputMicros);

  it('Converse serviceTier reaches Bedrock, is echoed, recorded and priced at the flex price', async () => {
    const client = sdkClient(gateway, SOURCE);
    const out = await client.send(new ConverseCommand({ modelId: `eu.${NOVA_LITE}`, messages: [{ role: 'user', content: [{ text: 'cheap please' }] }], inferenceConfig: { maxTokens: 8 }, serviceTier: { type: 'flex' } }));
    assert.equal(out.serviceTier?.type, 'flex');
    const record = recordOf(out.$metadata.requestId);
    assert.equal(record.serviceTier, 'flex');
    assert.equal(record.cost.picos, picos(record, 500_000, 1_000_000));
  });

  it('InvokeModel X-Amzn-Bedrock-Service-Tier reaches the upstream and is priced at the priority price', async () => {
    const client = sdkClient(gateway, SOURCE);
    const out = await client.send(new InvokeModelCommand({ modelId: NOVA_LITE, body: novaBody('fast please', 8), serviceTier: 'priority' }));
    const record = recordOf(out.$metadata.requestId);
    assert.equal(record.serviceTier, 'priority');
    assert.equal(record.cost.picos, picos(record, 10_000_000, 20_000_000));
    const upstream = gateway.simulator(SOURCE).stats();
    assert.ok(upstream.operations.invoke >= 1);
  });

  it('OpenAI service_tier is recorded; a tier without a price and no tier use the source region price', async () => {
    const openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: API_KEY, maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': SOURCE } });
    const tiered = await openai.chat.completions.create({ model: NOVA_LITE, messages: [{ role: 'user', content: 'x' }], max_tokens: 4, service_tier: 'default' }).withResponse();
    const withTier = recordOf(tiered.response.headers.get('x-request-id'));
    assert.equal(withTier.serviceTier, 'default');
    assert.equal(withTier.cost.picos, picos(withTier, 3_000_000, 4_000_000));
    const plain = await openai.chat.completions.create({ model: NOVA_LITE, messages: [{ role: 'user', content: 'x' }], max_tokens: 4 }).withResponse();
    const none = recordOf(plain.response.headers.get('x-request-id'));
    assert.equal(none.serviceTier, undefined);
    assert.equal(none.cost.picos, picos(none, 3_000_000, 4_000_000));
  });

  it('refuses a service tier Bedrock does not have on InvokeModel before any upstream call', async () => {
    const client = sdkClient(gateway, SOURCE);
    await assert.rejects(client.send(new InvokeModelCommand({ modelId: NOVA_LITE, body: novaBody('x', 4), serviceTier: 'gold' as 'flex' })), (e: unknown) => e instanceof Error && e.name === 'ValidationException');
  });
});
