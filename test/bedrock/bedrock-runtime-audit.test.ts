/** Every Bedrock Runtime call leaves an audit record in its source region's store: served, counted or refused. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConverseCommand, CountTokensCommand, InvokeModelCommand, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { readAuditRecords } from '../support/read-audit-records.js';
import type { TestGateway } from '../support/test-gateway.js';
import { EU_PROFILE, novaBody, sdkClient, startBedrockTestGateway } from './bedrock-test-kit.js';

describe('Bedrock Runtime audit records', () => {
  let gateway: TestGateway;
  let client: BedrockRuntimeClient;
  before(async () => {
    gateway = await startBedrockTestGateway();
    client = sdkClient(gateway, 'eu-west-1');
  });
  after(async () => {
    client.destroy();
    await gateway.close();
  });

  it('records served, counted and refused calls under their event names, in the source region', async () => {
    const converse = await client.send(new ConverseCommand({ modelId: EU_PROFILE, messages: [{ role: 'user', content: [{ text: 'audited' }] }], inferenceConfig: { maxTokens: 2 } }));
    const invoke = await client.send(new InvokeModelCommand({ modelId: EU_PROFILE, body: novaBody('audited native', 2) }));
    const count = await client.send(new CountTokensCommand({ modelId: EU_PROFILE, input: { converse: { messages: [{ role: 'user', content: [{ text: 'count' }] }] } } }));
    await assert.rejects(client.send(new ConverseCommand({ modelId: 'eu.unknown-model-v1:0', messages: [{ role: 'user', content: [{ text: 'x' }] }] })), { name: 'ResourceNotFoundException' });
    const records = readAuditRecords(gateway.dataDir, 'eu-west-1');
    const byId = (id: string | undefined) => records.find((r) => r.requestID === id);
    assert.equal(byId(converse.$metadata.requestId)?.eventName, 'Converse');
    assert.equal(byId(converse.$metadata.requestId)?.additionalEventData.inferenceRegion, 'eu-west-1');
    assert.equal(byId(invoke.$metadata.requestId)?.eventName, 'InvokeModel');
    assert.equal(byId(count.$metadata.requestId)?.eventName, 'CountTokens');
    const refused = records.find((r) => r.requestParameters.modelId === 'eu.unknown-model-v1:0');
    assert.equal(refused?.eventName, 'Converse');
    assert.ok(refused?.errorCode);
  });
});
