/**
 * The bundled demo configuration, as `npm start` runs it, with the documented demo credentials: all four runtime
 * operations on `eu.amazon.nova-2-lite-v1:0` through the AWS SDK with default settings, and the demo API key in
 * the SDK's bearer mode.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { pino } from 'pino';
import { BUNDLED_DEMO_CONFIG, loadConfig } from '../../src/config/load-config.js';
import { startGateway, type RunningGateway } from '../../src/gateway/gateway-runtime.js';
import { EU_PROFILE, novaBody } from './bedrock-test-kit.js';

describe('the demo configuration serves the Bedrock Runtime API', () => {
  let gateway: RunningGateway;
  let dataDir: string;
  let client: BedrockRuntimeClient;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'georoute-demo-'));
    const loaded = await loadConfig(BUNDLED_DEMO_CONFIG);
    gateway = await startGateway({ ...loaded, dataDir }, { port: 0, logger: pino({ level: 'silent' }) });
    client = new BedrockRuntimeClient({
      region: 'eu-central-1',
      endpoint: gateway.url,
      credentials: { accessKeyId: 'AKIDEMOGEOROUTE00001', secretAccessKey: 'demo-secret-georoute' },
    });
  });
  after(async () => {
    client.destroy();
    await gateway.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('Converse', async () => {
    const out = await client.send(new ConverseCommand({ modelId: EU_PROFILE, messages: [{ role: 'user', content: [{ text: 'Hello, demo' }] }], inferenceConfig: { maxTokens: 5 } }));
    assert.ok((out.output?.message?.content?.[0]?.text ?? '').length > 0);
    assert.equal(out.usage?.outputTokens, 5);
  });

  it('ConverseStream', async () => {
    const out = await client.send(new ConverseStreamCommand({ modelId: EU_PROFILE, messages: [{ role: 'user', content: [{ text: 'Stream, demo' }] }], inferenceConfig: { maxTokens: 5 } }));
    let text = '';
    for await (const event of out.stream ?? []) text += event.contentBlockDelta?.delta?.text ?? '';
    assert.ok(text.length > 0);
  });

  it('InvokeModel with the Nova native body', async () => {
    const out = await client.send(new InvokeModelCommand({ modelId: EU_PROFILE, contentType: 'application/json', body: novaBody('Native, demo', 5) }));
    const json = JSON.parse(new TextDecoder().decode(out.body)) as { output: { message: { role: string } }; stopReason: string; usage: { outputTokens: number } };
    assert.equal(json.output.message.role, 'assistant');
    assert.equal(json.usage.outputTokens, 5);
  });

  it('InvokeModelWithResponseStream', async () => {
    const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: EU_PROFILE, contentType: 'application/json', body: novaBody('Native stream, demo', 5) }));
    let chunks = 0;
    for await (const event of out.body ?? []) if (event.chunk?.bytes) chunks++;
    assert.ok(chunks >= 3);
  });

  it('the demo API key in bearer mode', async () => {
    const bearer = new BedrockRuntimeClient({ region: 'eu-central-1', endpoint: gateway.url, token: { token: 'demo-key-georoute' }, authSchemePreference: ['httpBearerAuth'] });
    try {
      const out = await bearer.send(new ConverseCommand({ modelId: EU_PROFILE, messages: [{ role: 'user', content: [{ text: 'Bearer, demo' }] }], inferenceConfig: { maxTokens: 3 } }));
      assert.equal(out.usage?.outputTokens, 3);
    } finally {
      bearer.destroy();
    }
  });
});
