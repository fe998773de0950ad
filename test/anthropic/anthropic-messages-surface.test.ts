/**
 * `POST /v1/messages` and `/v1/messages/count_tokens` with @anthropic-ai/sdk against the gateway, served by
 * in-process simulators (provider `sim`, Claude deployments): create, stream, tools, thinking, count_tokens,
 * prompt caching, and each error type as the SDK classifies it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { API_KEY, testAuth, testEnv } from '../bedrock/bedrock-test-kit.js';
import { readAuditRecords } from '../support/read-audit-records.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { claudeTestConfig, EU_CLAUDE } from './anthropic-test-kit.js';

const weatherTool = { name: 'get_weather', description: 'Weather of a city', input_schema: { type: 'object' as const, properties: {} } };

describe('Anthropic Messages API surface', () => {
  let gateway: TestGateway;
  let anthropic: Anthropic;
  before(async () => {
    gateway = await startTestGateway(claudeTestConfig({ auth: testAuth }), { env: testEnv() });
    anthropic = new Anthropic({ apiKey: API_KEY, baseURL: gateway.url, maxRetries: 0 });
  });
  after(() => gateway.close());

  test('messages.create and messages.stream: same answer, Anthropic headers, audited in the source region', async () => {
    const params = { model: EU_CLAUDE, max_tokens: 100, messages: [{ role: 'user' as const, content: 'Hello through the gateway' }] };
    const { data: message, response } = await anthropic.messages.create(params).withResponse();
    assert.equal(message.type, 'message');
    assert.equal(message.stop_reason, 'end_turn');
    assert.match(response.headers.get('request-id') ?? '', /.+/);
    // The API key's source region is eu-west-1, which deploys Claude.
    assert.equal(response.headers.get('x-georoute-inference-region'), 'eu-west-1');
    const stream = anthropic.messages.stream(params);
    const final = await stream.finalMessage();
    assert.deepEqual(final.content, message.content);
    assert.equal(final.usage.output_tokens, message.usage.output_tokens);
    const records = readAuditRecords(gateway.dataDir, 'eu-west-1').filter((r) => r.eventName === 'Messages');
    assert.equal(records.length, 2);
    assert.deepEqual(records.map((r) => [r.additionalEventData.surface, r.additionalEventData.stream, r.additionalEventData.outputTokens]), [
      ['anthropic', false, message.usage.output_tokens],
      ['anthropic', true, message.usage.output_tokens],
    ]);
  });

  test('the SSE events are Anthropic\'s, ping included', async () => {
    const response = await fetch(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': API_KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: EU_CLAUDE, max_tokens: 20, stream: true, messages: [{ role: 'user', content: 'wire' }] }),
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const names = [...(await response.text()).matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    assert.deepEqual(names.slice(0, 3), ['message_start', 'content_block_start', 'ping']);
    assert.deepEqual(names.slice(-3), ['content_block_stop', 'message_delta', 'message_stop']);
  });

  test('tools, tool results and thinking', async () => {
    const first = await anthropic.messages.create({ model: EU_CLAUDE, max_tokens: 100, tools: [weatherTool], messages: [{ role: 'user', content: 'What is the weather in Lyon?' }] });
    assert.equal(first.stop_reason, 'tool_use');
    const call = first.content.find((b) => b.type === 'tool_use');
    assert.ok(call && call.type === 'tool_use');
    const second = await anthropic.messages.stream({
      model: EU_CLAUDE,
      max_tokens: 100,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'What is the weather in Lyon?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'sunny, 21 C' }] },
      ],
    }).finalMessage();
    assert.equal(second.stop_reason, 'end_turn');
    const thinking = await anthropic.messages.create({ model: EU_CLAUDE, max_tokens: 3000, thinking: { type: 'enabled', budget_tokens: 2000 }, messages: [{ role: 'user', content: 'Think' }] });
    assert.deepEqual(thinking.content.map((b) => b.type), ['thinking', 'text']);
  });

  test('count_tokens counts locally and is audited', async () => {
    const counted = await anthropic.messages.countTokens({ model: EU_CLAUDE, system: 'Be brief.', messages: [{ role: 'user', content: 'How many tokens is this?' }] });
    assert.ok(counted.input_tokens > 5);
    assert.ok(readAuditRecords(gateway.dataDir, 'eu-west-1').some((r) => r.eventName === 'CountTokens' && r.additionalEventData.surface === 'anthropic'));
  });

  test('prompt caching: cache tokens in usage and audit, streams included', async () => {
    const system = [{ type: 'text' as const, text: 'Cache me if you can. '.repeat(100), cache_control: { type: 'ephemeral' as const } }];
    const params = { model: EU_CLAUDE, max_tokens: 10, system, messages: [{ role: 'user' as const, content: 'cache test' }] };
    const first = await anthropic.messages.stream(params).finalMessage();
    const second = await anthropic.messages.stream(params).finalMessage();
    const written = first.usage.cache_creation_input_tokens ?? 0;
    assert.ok(written > 0);
    assert.equal(second.usage.cache_read_input_tokens, written);
    const cached = readAuditRecords(gateway.dataDir, 'eu-west-1').filter((r) => r.eventName === 'Messages' && (r.additionalEventData.cacheReadInputTokens ?? r.additionalEventData.cacheWriteInputTokens) !== undefined);
    assert.deepEqual(cached.map((r) => [r.additionalEventData.cacheWriteInputTokens, r.additionalEventData.cacheReadInputTokens]), [[written, undefined], [undefined, written]]);
  });

  test('errors have Anthropic\'s shape and types, as the SDK classifies them', async () => {
    const base = { max_tokens: 10, messages: [{ role: 'user' as const, content: 'Hi' }] };
    await assert.rejects(anthropic.messages.create({ ...base, model: 'eu.no-such-model' }), (error: unknown) => {
      assert.ok(error instanceof Anthropic.NotFoundError);
      assert.equal((error.error as { type: string; error: { type: string } }).error.type, 'not_found_error');
      return true;
    });
    await assert.rejects(anthropic.messages.create({ ...base, model: EU_CLAUDE, max_tokens: 0 }), (error: unknown) => {
      assert.ok(error instanceof Anthropic.BadRequestError);
      assert.match(error.message, /max_tokens/);
      return true;
    });
    await assert.rejects(anthropic.messages.create({ ...base, model: EU_CLAUDE, tool_choice: { type: 'tool', name: 'missing' }, tools: [weatherTool] }), Anthropic.BadRequestError);
    // A model whose deployments speak another wire is served through the canonical model (here Nova on Converse),
    // and answers in Anthropic's shape.
    const converted = await anthropic.messages.create({ ...base, model: 'eu.amazon.nova-2-lite-v1:0' });
    assert.equal(converted.type, 'message');
    assert.ok(converted.content.some((block) => block.type === 'text' && block.text.length > 0));
    const wrongKey = new Anthropic({ apiKey: 'not-the-key', baseURL: gateway.url, maxRetries: 0 });
    await assert.rejects(wrongKey.messages.create({ ...base, model: EU_CLAUDE }), Anthropic.AuthenticationError);
    const notJson = await fetch(`${gateway.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': API_KEY }, body: '{nope' });
    assert.equal(notJson.status, 400);
    assert.deepEqual(Object.keys(await notJson.json() as object), ['type', 'error', 'request_id']);
    const unknownPath = await fetch(`${gateway.url}/v1/messages/batches`, { method: 'POST', headers: { 'x-api-key': API_KEY } });
    assert.equal(unknownPath.status, 404);
    assert.equal(((await unknownPath.json()) as { error: { type: string } }).error.type, 'not_found_error');
  });
});
