/** The official BedrockRuntimeClient, default settings (HTTP/2 cleartext), against a gateway backed by simulators. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  type BedrockRuntimeClient,
} from '@aws-sdk/client-bedrock-runtime';
import { EU_REGIONS, type TestGateway } from '../support/test-gateway.js';
import { captureResponseHeaders, EU_PROFILE, novaBody, sdkClient, startBedrockTestGateway } from './bedrock-test-kit.js';

const isEu = (region: string | undefined) => EU_REGIONS.includes(region as (typeof EU_REGIONS)[number]);

describe('BedrockRuntimeClient (HTTP/2 default) against georoute', () => {
  let gateway: TestGateway;
  const clients: BedrockRuntimeClient[] = [];
  const client = (region: string) => {
    const c = sdkClient(gateway, region);
    clients.push(c);
    return c;
  };

  before(async () => {
    gateway = await startBedrockTestGateway();
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await gateway.close();
  });

  for (const region of ['eu-central-1', 'eu-west-1']) {
    it(`Converse from ${region} runs in ${region} and reports usage`, async () => {
      const c = client(region);
      const headers = captureResponseHeaders(c);
      const out = await c.send(new ConverseCommand({ modelId: EU_PROFILE, messages: [{ role: 'user', content: [{ text: 'hello there' }] }], inferenceConfig: { maxTokens: 8 } }));
      assert.ok((out.output?.message?.content?.[0]?.text ?? '').length > 0);
      assert.equal(out.stopReason, 'max_tokens');
      assert.equal(out.usage?.outputTokens, 8);
      assert.ok(out.metrics?.latencyMs !== undefined);
      assert.ok(out.$metadata.requestId);
      assert.equal(headers.last()['x-georoute-source-region'], region);
      assert.equal(headers.last()['x-georoute-inference-region'], region);
      assert.equal(headers.last()['x-amzn-requestid'], out.$metadata.requestId);
    });
  }

  it('Converse from us-east-1 on an eu. profile runs in us-east-1 or the EU only', async () => {
    const c = client('us-east-1');
    const headers = captureResponseHeaders(c);
    await c.send(new ConverseCommand({ modelId: EU_PROFILE, messages: [{ role: 'user', content: [{ text: 'from the US' }] }], inferenceConfig: { maxTokens: 4 } }));
    const ran = headers.last()['x-georoute-inference-region'];
    assert.equal(headers.last()['x-georoute-source-region'], 'us-east-1');
    assert.ok(ran === 'us-east-1' || isEu(ran), `${ran} is outside the boundary`);
  });

  it('Converse accepts a profile ARN and a foundation-model id', async () => {
    const c = client('eu-west-1');
    const arn = `arn:aws:bedrock:eu-west-1:123456789012:inference-profile/${EU_PROFILE}`;
    const viaArn = await c.send(new ConverseCommand({ modelId: arn, messages: [{ role: 'user', content: [{ text: 'arn' }] }], inferenceConfig: { maxTokens: 3 } }));
    assert.equal(viaArn.usage?.outputTokens, 3);
    const bare = await c.send(new ConverseCommand({ modelId: 'amazon.nova-2-lite-v1:0', messages: [{ role: 'user', content: [{ text: 'bare' }] }], inferenceConfig: { maxTokens: 3 } }));
    assert.equal(bare.usage?.outputTokens, 3);
  });

  for (const region of ['eu-central-1', 'eu-west-1', 'us-east-1']) {
    it(`ConverseStream from ${region} yields the full event sequence`, async () => {
      const out = await client(region).send(
        new ConverseStreamCommand({ modelId: EU_PROFILE, messages: [{ role: 'user', content: [{ text: 'stream please' }] }], inferenceConfig: { maxTokens: 12 } }),
      );
      const kinds: string[] = [];
      let text = '';
      let outputTokens: number | undefined;
      for await (const event of out.stream ?? []) {
        const kind = Object.keys(event).find((k) => k !== '$unknown') ?? '';
        if (kinds.at(-1) !== kind) kinds.push(kind);
        text += event.contentBlockDelta?.delta?.text ?? '';
        outputTokens = event.metadata?.usage?.outputTokens ?? outputTokens;
      }
      assert.equal(kinds[0], 'messageStart');
      assert.deepEqual(kinds.slice(-2), ['messageStop', 'metadata']);
      assert.equal(outputTokens, text.trim().split(/\s+/).length);
    });
  }

  it('InvokeModel with the Nova native body returns the native response and token headers', async () => {
    const c = client('eu-central-1');
    const headers = captureResponseHeaders(c);
    const out = await c.send(new InvokeModelCommand({ modelId: EU_PROFILE, contentType: 'application/json', accept: 'application/json', body: novaBody('native hello', 6) }));
    const json = JSON.parse(new TextDecoder().decode(out.body)) as { output: { message: { content: Array<{ text: string }> } }; stopReason: string; usage: { outputTokens: number } };
    assert.ok(json.output.message.content[0].text.length > 0);
    assert.equal(json.usage.outputTokens, 6);
    assert.equal(out.contentType, 'application/json');
    assert.equal(headers.last()['x-amzn-bedrock-output-token-count'], '6');
    assert.ok(Number(headers.last()['x-amzn-bedrock-input-token-count']) > 0);
    assert.ok(Number(headers.last()['x-amzn-bedrock-invocation-latency']) >= 0);
    assert.equal(headers.last()['x-georoute-inference-region'], 'eu-central-1');
  });

  it('InvokeModelWithResponseStream yields Nova chunks', async () => {
    const out = await client('eu-west-1').send(new InvokeModelWithResponseStreamCommand({ modelId: EU_PROFILE, contentType: 'application/json', body: novaBody('native stream', 5) }));
    const chunks: Array<Record<string, unknown>> = [];
    for await (const event of out.body ?? []) {
      if (event.chunk?.bytes) chunks.push(JSON.parse(new TextDecoder().decode(event.chunk.bytes)) as Record<string, unknown>);
    }
    assert.ok('messageStart' in chunks[0]);
    assert.ok(chunks.some((c) => 'contentBlockDelta' in c));
    assert.ok(chunks.some((c) => 'messageStop' in c));
  });

  it('CountTokens counts a Converse input and a native body locally', async () => {
    const c = client('eu-central-1');
    const before = gateway.simulator('eu-central-1').stats().received;
    const converse = await c.send(new CountTokensCommand({ modelId: EU_PROFILE, input: { converse: { messages: [{ role: 'user', content: [{ text: 'count these tokens please' }] }] } } }));
    assert.ok((converse.inputTokens ?? 0) > 0);
    const native = await c.send(new CountTokensCommand({ modelId: EU_PROFILE, input: { invokeModel: { body: novaBody('count these tokens please', 5) } } }));
    assert.equal(native.inputTokens, converse.inputTokens);
    assert.equal(gateway.simulator('eu-central-1').stats().received, before, 'no upstream call');
  });

  it('answers typed exceptions: unknown model, invalid body, unknown source region', async () => {
    const c = client('eu-central-1');
    await assert.rejects(c.send(new ConverseCommand({ modelId: 'eu.no-such-model-v1:0', messages: [{ role: 'user', content: [{ text: 'x' }] }] })), { name: 'ResourceNotFoundException' });
    await assert.rejects(c.send(new ConverseCommand({ modelId: EU_PROFILE, messages: [] })), { name: 'ValidationException' });
    await assert.rejects(c.send(new InvokeModelCommand({ modelId: EU_PROFILE, body: new TextEncoder().encode('{"prompt":"not nova"}') })), { name: 'ValidationException' });
    await assert.rejects(client('mars-north-1').send(new ConverseCommand({ modelId: EU_PROFILE, messages: [{ role: 'user', content: [{ text: 'x' }] }] })), { name: 'AccessDeniedException' });
  });

  it('a wrong secret is AccessDeniedException', async () => {
    const wrong = sdkClient(gateway, 'eu-central-1', { credentials: { accessKeyId: 'AKIATESTGEOROUTE0001', secretAccessKey: 'not-the-secret' } });
    clients.push(wrong);
    await assert.rejects(wrong.send(new ConverseCommand({ modelId: EU_PROFILE, messages: [{ role: 'user', content: [{ text: 'x' }] }] })), (error: unknown) => {
      assert.equal((error as Error).name, 'AccessDeniedException');
      assert.equal((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode, 403);
      return true;
    });
  });
});
