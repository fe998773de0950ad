/**
 * Claude through Bedrock's InvokeModel on the gateway: @anthropic-ai/bedrock-sdk (create, stream, tools,
 * thinking) and the AWS SDK v3 with an Anthropic body, served by simulators over HTTP; usage, prompt-cache
 * tokens and their cost in the audit record.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { InvokeModelCommand, InvokeModelWithResponseStreamCommand, ValidationException } from '@aws-sdk/client-bedrock-runtime';
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, sdkClient, testAuth, testEnv } from '../bedrock/bedrock-test-kit.js';
import { readAuditRecords } from '../support/read-audit-records.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { claudeTestConfig, EU_CLAUDE } from './anthropic-test-kit.js';

const weatherTool = { name: 'get_weather', description: 'Weather of a city', input_schema: { type: 'object' as const, properties: {} } };

function anthropicBody(text: string, extra: Record<string, unknown> = {}): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 50, messages: [{ role: 'user', content: text }], ...extra }));
}

describe('Bedrock InvokeModel with the Anthropic body', () => {
  let gateway: TestGateway;
  let claude: AnthropicBedrock;
  before(async () => {
    gateway = await startTestGateway(claudeTestConfig({ auth: testAuth }), { env: testEnv() });
    claude = new AnthropicBedrock({ awsRegion: 'eu-west-1', awsAccessKey: ACCESS_KEY_ID, awsSecretKey: SECRET_ACCESS_KEY, baseURL: gateway.url, maxRetries: 0 });
  });
  after(() => gateway.close());

  test('@anthropic-ai/bedrock-sdk: messages.create and messages.stream agree, run in the source region', async () => {
    const params = { model: EU_CLAUDE, max_tokens: 100, messages: [{ role: 'user' as const, content: 'Hello Claude on Bedrock' }] };
    const { data: message, response } = await claude.messages.create(params).withResponse();
    assert.match(message.id, /^msg_bdrk_/);
    assert.equal(message.stop_reason, 'end_turn');
    assert.equal(response.headers.get('x-georoute-inference-region'), 'eu-west-1');
    assert.equal(response.headers.get('x-amzn-bedrock-output-token-count'), String(message.usage.output_tokens));
    const streamed = await claude.messages.stream(params).finalMessage();
    assert.deepEqual(streamed.content, message.content);
    assert.equal(streamed.usage.output_tokens, message.usage.output_tokens);
    const records = readAuditRecords(gateway.dataDir, 'eu-west-1').filter((r) => r.requestParameters.modelId === EU_CLAUDE);
    assert.deepEqual(records.map((r) => r.eventName), ['InvokeModel', 'InvokeModelWithResponseStream']);
    for (const record of records) {
      assert.equal(record.additionalEventData.outputTokens, message.usage.output_tokens);
      assert.equal(record.additionalEventData.inputTokens, message.usage.input_tokens);
    }
  });

  test('tools and thinking pass through to the model', async () => {
    const tool = await claude.messages.create({ model: EU_CLAUDE, max_tokens: 100, tools: [weatherTool], tool_choice: { type: 'any' }, messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal(tool.stop_reason, 'tool_use');
    assert.equal(tool.content[0]?.type === 'tool_use' && tool.content[0].name, 'get_weather');
    const thinking = await claude.messages.stream({
      model: EU_CLAUDE, max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'Think first' }],
    }).finalMessage();
    assert.equal(thinking.content[0]?.type, 'thinking');
    assert.ok(thinking.content[0]?.type === 'thinking' && thinking.content[0].signature.length > 0);
    assert.equal(thinking.content[1]?.type, 'text');
  });

  test('prompt caching: cache-write then cache-read tokens in the usage, the audit record and the cost', async () => {
    const system = [{ type: 'text' as const, text: 'Answer briefly and kindly. '.repeat(80), cache_control: { type: 'ephemeral' as const } }];
    const params = { model: EU_CLAUDE, max_tokens: 20, system, messages: [{ role: 'user' as const, content: 'Cached prompt test' }] };
    const first = await claude.messages.create(params);
    const second = await claude.messages.stream(params).finalMessage();
    const written = first.usage.cache_creation_input_tokens ?? 0;
    assert.ok(written > 100);
    assert.equal(second.usage.cache_read_input_tokens, written);
    const records = readAuditRecords(gateway.dataDir, 'eu-west-1').filter((r) => r.additionalEventData.cacheWriteInputTokens !== undefined || r.additionalEventData.cacheReadInputTokens !== undefined);
    assert.deepEqual(records.map((r) => [r.additionalEventData.cacheWriteInputTokens, r.additionalEventData.cacheReadInputTokens]), [[written, undefined], [undefined, written]]);
    // 3.00 / 15.00 / 3.75 (write) / 0.30 (read) USD per million: picos = tokens x micros-per-million.
    const cost = (r: (typeof records)[number]) => (r.additionalEventData.cost as { picos: string }).picos;
    const input = first.usage.input_tokens;
    const output = first.usage.output_tokens;
    assert.equal(cost(records[0]), String(input * 3_000_000 + output * 15_000_000 + written * 3_750_000));
    assert.equal(cost(records[1]), String(input * 3_000_000 + second.usage.output_tokens * 15_000_000 + written * 300_000));
  });

  test('AWS SDK v3 InvokeModel and InvokeModelWithResponseStream with an Anthropic body', async () => {
    const client = sdkClient(gateway, 'eu-central-1');
    try {
      const out = await client.send(new InvokeModelCommand({ modelId: EU_CLAUDE, contentType: 'application/json', body: anthropicBody('Hello from the AWS SDK') }));
      const message = JSON.parse(new TextDecoder().decode(out.body)) as { type: string; content: Array<{ type: string; text: string }>; usage: { output_tokens: number } };
      assert.equal(message.type, 'message');
      assert.equal(message.content[0]?.type, 'text');
      const streamed = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: EU_CLAUDE, contentType: 'application/json', body: anthropicBody('Hello from the AWS SDK') }));
      const events: Array<{ type: string; delta?: { text?: string } }> = [];
      for await (const part of streamed.body ?? []) {
        if (part.chunk?.bytes) events.push(JSON.parse(new TextDecoder().decode(part.chunk.bytes)) as (typeof events)[number]);
      }
      assert.equal(events[0]?.type, 'message_start');
      assert.equal(events.at(-1)?.type, 'message_stop');
      assert.equal(events.map((e) => e.delta?.text ?? '').join(''), message.content[0]?.text);
      assert.ok('amazon-bedrock-invocationMetrics' in (events.at(-1) ?? {}), 'the last chunk carries the invocation metrics');
    } finally {
      client.destroy();
    }
  });

  test('a wrong Anthropic body is a ValidationException naming the field', async () => {
    const client = sdkClient(gateway, 'eu-central-1');
    try {
      await assert.rejects(client.send(new InvokeModelCommand({ modelId: EU_CLAUDE, body: anthropicBody('x', { anthropic_version: 'vertex-2023-10-16' }) })), (error: unknown) => {
        assert.ok(error instanceof ValidationException);
        assert.match(error.message, /anthropic_version/);
        return true;
      });
      await assert.rejects(client.send(new InvokeModelCommand({ modelId: EU_CLAUDE, body: anthropicBody('x', { stream: true }) })), /extraneous key \[stream\]/);
      await assert.rejects(client.send(new InvokeModelCommand({ modelId: EU_CLAUDE, body: anthropicBody('x', { max_tokens: 1024, thinking: { type: 'enabled', budget_tokens: 1024 } }) })), /budget_tokens/);
    } finally {
      client.destroy();
    }
  });
});
