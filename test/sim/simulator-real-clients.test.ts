import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  ThrottlingException,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import OpenAI from 'openai';
import type { RunningSimulator } from '../../sim/simulator-types.js';
import { startFastSimulator } from './sim-test-client.js';

// The official clients are the final word on wire compatibility. The Bedrock client defaults to HTTP/2; the
// simulator speaks HTTP/1.1, so the test opts into NodeHttpHandler.
describe('simulator: official SDK clients', () => {
  let sim: RunningSimulator;
  let bedrock: BedrockRuntimeClient;
  before(async () => {
    sim = await startFastSimulator({ regionId: 'eu-south-2' });
    bedrock = new BedrockRuntimeClient({
      region: 'eu-south-2',
      endpoint: sim.url,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
      requestHandler: new NodeHttpHandler(),
      maxAttempts: 1,
    });
  });
  after(async () => {
    bedrock.destroy();
    await sim.close();
  });

  test('Converse and ConverseStream through @aws-sdk/client-bedrock-runtime', async () => {
    const input = { modelId: 'eu.amazon.nova-lite-v1:0', messages: [{ role: 'user' as const, content: [{ text: 'Hi there' }] }] };
    const converse = await bedrock.send(new ConverseCommand(input));
    const text = converse.output?.message?.content?.[0]?.text ?? '';
    assert.ok(text.length > 0);
    assert.equal(converse.stopReason, 'end_turn');
    assert.equal(converse.usage?.outputTokens, text.split(' ').length);

    const streamed = await bedrock.send(new ConverseStreamCommand(input));
    let streamedText = '';
    let stopReason: string | undefined;
    let outputTokens: number | undefined;
    for await (const event of streamed.stream ?? []) {
      streamedText += event.contentBlockDelta?.delta?.text ?? '';
      stopReason = event.messageStop?.stopReason ?? stopReason;
      outputTokens = event.metadata?.usage?.outputTokens ?? outputTokens;
    }
    assert.equal(streamedText, text);
    assert.equal(stopReason, 'end_turn');
    assert.equal(outputTokens, converse.usage?.outputTokens);
    assert.deepEqual(sim.stats().signatureRegions, { 'eu-south-2': 2 }, 'the SDK signed for the client region');
  });

  test('InvokeModel and InvokeModelWithResponseStream with a Nova body', async () => {
    const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'Hello' }] }], inferenceConfig: { maxTokens: 3 } });
    const invoked = await bedrock.send(new InvokeModelCommand({ modelId: 'amazon.nova-lite-v1:0', body, contentType: 'application/json' }));
    const nova = JSON.parse(Buffer.from(invoked.body).toString('utf8')) as { stopReason: string; usage: { inputTokens: number; outputTokens: number } };
    assert.equal(nova.stopReason, 'max_tokens');
    assert.equal(nova.usage.outputTokens, 3);

    const streamed = await bedrock.send(new InvokeModelWithResponseStreamCommand({ modelId: 'amazon.nova-lite-v1:0', body }));
    const kinds: string[] = [];
    let last: Record<string, unknown> = {};
    for await (const event of streamed.body ?? []) {
      last = JSON.parse(Buffer.from(event.chunk?.bytes ?? new Uint8Array()).toString('utf8')) as Record<string, unknown>;
      kinds.push(Object.keys(last)[0] ?? '');
    }
    assert.deepEqual(kinds, ['messageStart', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockDelta',
      'contentBlockStop', 'messageStop', 'metadata']);
    const metrics = last['amazon-bedrock-invocationMetrics'] as { inputTokenCount?: number; outputTokenCount?: number } | undefined;
    assert.deepEqual({ input: metrics?.inputTokenCount, output: metrics?.outputTokenCount }, { input: nova.usage.inputTokens, output: 3 }, 'the last chunk carries the invocation metrics');
  });

  test('the SDK maps a simulated 429 to ThrottlingException', async () => {
    sim.setFaults({ throttle: true });
    try {
      await assert.rejects(
        bedrock.send(new ConverseCommand({ modelId: 'm', messages: [{ role: 'user', content: [{ text: 'x' }] }] })),
        (error: unknown) => error instanceof ThrottlingException,
      );
    } finally {
      sim.resetFaults();
    }
  });

  test('chat completions through the openai client, streamed and not', async () => {
    const client = new OpenAI({ apiKey: 'sk-test', baseURL: `${sim.url}/v1`, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'sim-model', messages: [{ role: 'user', content: 'Hello' }] });
    const text = completion.choices[0]?.message.content ?? '';
    assert.ok(text.length > 0);
    const stream = await client.chat.completions.create({
      model: 'sim-model',
      messages: [{ role: 'user', content: 'Hello' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let streamedText = '';
    let totalTokens: number | undefined;
    for await (const chunk of stream) {
      streamedText += chunk.choices[0]?.delta.content ?? '';
      totalTokens = chunk.usage?.total_tokens ?? totalTokens;
    }
    assert.equal(streamedText, text);
    assert.equal(totalTokens, completion.usage?.total_tokens);
  });
});
