/** Bearer API keys in the SDK's bearer mode, and the SDK's HTTP/1.1 handler. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { TestGateway } from '../support/test-gateway.js';
import { API_KEY, captureResponseHeaders, EU_PROFILE, sdkClient, startBedrockTestGateway } from './bedrock-test-kit.js';

const converse = (text: string) => new ConverseCommand({ modelId: EU_PROFILE, messages: [{ role: 'user', content: [{ text }] }], inferenceConfig: { maxTokens: 4 } });

describe('Bedrock Runtime auth modes and HTTP/1.1', () => {
  let gateway: TestGateway;
  before(async () => {
    gateway = await startBedrockTestGateway();
  });
  after(() => gateway.close());

  it('serves the SDK bearer mode (token + authSchemePreference) from the key\'s source region', async () => {
    const client = new BedrockRuntimeClient({ region: 'eu-central-1', endpoint: gateway.url, token: { token: API_KEY }, authSchemePreference: ['httpBearerAuth'] });
    const headers = captureResponseHeaders(client);
    try {
      const out = await client.send(converse('bearer'));
      assert.equal(out.usage?.outputTokens, 4);
      assert.equal(headers.last()['x-georoute-source-region'], 'eu-west-1');
    } finally {
      client.destroy();
    }
  });

  it('serves AWS_BEARER_TOKEN_BEDROCK and refuses a wrong bearer token', async () => {
    // The SDK reads the variable when it resolves the token, so it stays set for each call.
    const withEnvToken = async (token: string, run: (client: BedrockRuntimeClient) => Promise<void>) => {
      process.env.AWS_BEARER_TOKEN_BEDROCK = token;
      const client = new BedrockRuntimeClient({ region: 'eu-central-1', endpoint: gateway.url });
      try {
        await run(client);
      } finally {
        client.destroy();
        delete process.env.AWS_BEARER_TOKEN_BEDROCK;
      }
    };
    await withEnvToken(API_KEY, async (client) => {
      const out = await client.send(converse('env bearer'));
      assert.equal(out.usage?.outputTokens, 4);
    });
    await withEnvToken('wrong-key', (client) => assert.rejects(client.send(converse('wrong')), { name: 'AccessDeniedException' }));
  });

  it('lets a bearer caller name its source region; unknown operations answer in Bedrock format', async () => {
    const post = (path: string, headers: Record<string, string>) =>
      fetch(`${gateway.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'raw' }] }], inferenceConfig: { maxTokens: 2 } }) });
    const ok = await post('/model/eu.amazon.nova-2-lite-v1%3A0/converse', { 'x-georoute-source-region': 'eu-west-3' });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('x-georoute-source-region'), 'eu-west-3');
    assert.ok(ok.headers.get('x-amzn-requestid'));
    const outside = await post('/model/eu.amazon.nova-2-lite-v1%3A0/converse', { 'x-georoute-source-region': 'us-east-1' });
    assert.equal(outside.status, 403, 'a region outside the key\'s sourceRegions is refused');
    assert.equal(outside.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    const unknown = await post('/model/eu.amazon.nova-2-lite-v1%3A0/no-such-operation', {});
    assert.equal(unknown.status, 404);
    assert.equal(unknown.headers.get('x-amzn-errortype'), 'UnknownOperationException');
    assert.ok(unknown.headers.get('x-amzn-requestid'));
    assert.equal(typeof ((await unknown.json()) as { message: unknown }).message, 'string');
    const badRegion = await post('/model/eu.amazon.nova-2-lite-v1%3A0/converse', { 'x-georoute-source-region': 'mars-north-1' });
    assert.equal(badRegion.status, 400);
    assert.equal(badRegion.headers.get('x-amzn-errortype'), 'ValidationException');
  });

  it('works over HTTP/1.1 (NodeHttpHandler), streaming included', async () => {
    const client = sdkClient(gateway, 'eu-west-1', { requestHandler: new NodeHttpHandler() });
    try {
      const out = await client.send(converse('http1'));
      assert.equal(out.usage?.outputTokens, 4);
      const stream = await client.send(new ConverseStreamCommand({ modelId: EU_PROFILE, messages: [{ role: 'user', content: [{ text: 'http1 stream' }] }], inferenceConfig: { maxTokens: 6 } }));
      let stop: string | undefined;
      for await (const event of stream.stream ?? []) stop = event.messageStop?.stopReason ?? stop;
      assert.equal(stop, 'max_tokens');
    } finally {
      client.destroy();
    }
  });
});
