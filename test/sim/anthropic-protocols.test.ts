import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import type { RunningSimulator } from '../../sim/simulator-types.js';
import { startFastSimulator } from './sim-test-client.js';

const weatherTool = { name: 'get_weather', description: 'Weather of a city', input_schema: { type: 'object' as const, properties: {} } };
const clockTool = { name: 'get_time', description: 'Time of a city', input_schema: { type: 'object' as const, properties: {} } };

// The simulator speaks Anthropic's Messages API and Bedrock's Anthropic invoke body; the official clients judge it.
describe('simulator: Anthropic Messages API and Bedrock Claude bodies', () => {
  let sim: RunningSimulator;
  let anthropic: Anthropic;
  let bedrock: AnthropicBedrock;
  before(async () => {
    sim = await startFastSimulator({ regionId: 'us-east-1' });
    anthropic = new Anthropic({ apiKey: 'sk-ant-test', baseURL: sim.url, maxRetries: 0 });
    bedrock = new AnthropicBedrock({ awsRegion: 'us-east-1', awsAccessKey: 'AKIDTEST', awsSecretKey: 'secret', baseURL: sim.url, maxRetries: 0 });
  });
  after(() => sim.close());

  test('messages.create and messages.stream give the same text, stop reason and usage', async () => {
    const params = { model: 'claude-sonnet-4-5', max_tokens: 200, messages: [{ role: 'user' as const, content: 'Hello there' }] };
    const message = await anthropic.messages.create(params);
    assert.match(message.id, /^msg_/);
    assert.equal(message.stop_reason, 'end_turn');
    const text = message.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    assert.ok(text.length > 0);
    assert.equal(message.usage.output_tokens, text.split(' ').length);

    const stream = anthropic.messages.stream(params);
    const types: string[] = [];
    stream.on('streamEvent', (event) => types.push(event.type));
    const final = await stream.finalMessage();
    assert.equal(final.content.map((b) => (b.type === 'text' ? b.text : '')).join(''), text);
    assert.equal(final.usage.output_tokens, message.usage.output_tokens);
    assert.equal(types[0], 'message_start');
    assert.equal(types[1], 'content_block_start');
    assert.equal(types.at(-1), 'message_stop');

    // The SDK swallows `ping`; the wire has it, as Anthropic sends it, after the first content_block_start.
    const wire = await fetch(`${sim.url}/v1/messages`, { method: 'POST', body: JSON.stringify({ ...params, stream: true }) });
    const names = [...(await wire.text()).matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    assert.deepEqual(names.slice(0, 3), ['message_start', 'content_block_start', 'ping']);
    assert.deepEqual(names.slice(-3), ['content_block_stop', 'message_delta', 'message_stop']);
  });

  test('tool_choice is honoured: any, a named tool, none', async () => {
    const base = { model: 'claude-haiku-4-5', max_tokens: 100, tools: [weatherTool, clockTool], messages: [{ role: 'user' as const, content: 'Hi' }] };
    const any = await anthropic.messages.create({ ...base, tool_choice: { type: 'any' } });
    assert.equal(any.stop_reason, 'tool_use');
    assert.deepEqual(any.content.map((b) => b.type === 'tool_use' && b.name), ['get_weather']);
    const named = await anthropic.messages.create({ ...base, tool_choice: { type: 'tool', name: 'get_time' } });
    assert.deepEqual(named.content.map((b) => b.type === 'tool_use' && b.name), ['get_time']);
    const weather = { ...base, messages: [{ role: 'user' as const, content: 'What is the weather in Paris?' }] };
    assert.equal((await anthropic.messages.create(weather)).stop_reason, 'tool_use');
    assert.equal((await anthropic.messages.create({ ...weather, tool_choice: { type: 'none' } })).stop_reason, 'end_turn');
    await assert.rejects(anthropic.messages.create({ ...base, tool_choice: { type: 'tool', name: 'nope' } }), (error: unknown) => {
      assert.ok(error instanceof Anthropic.BadRequestError);
      assert.equal((error.error as { error: { type: string } }).error.type, 'invalid_request_error');
      return true;
    });
  });

  test('thinking: a signed thinking block first; a budget not below max_tokens is refused', async () => {
    const params = { model: 'claude-sonnet-4-5', max_tokens: 2048, thinking: { type: 'enabled' as const, budget_tokens: 1024 }, messages: [{ role: 'user' as const, content: 'Think' }] };
    const message = await anthropic.messages.create(params);
    assert.equal(message.content[0]?.type, 'thinking');
    assert.equal(message.content[1]?.type, 'text');
    const streamed = await anthropic.messages.stream(params).finalMessage();
    assert.deepEqual(streamed.content, message.content);
    await assert.rejects(anthropic.messages.create({ ...params, max_tokens: 1024 }), Anthropic.BadRequestError);
  });

  test('cache_control: the prefix is written once, then read', async () => {
    const system = [{ type: 'text' as const, text: 'You are a careful assistant. '.repeat(50), cache_control: { type: 'ephemeral' as const } }];
    const params = { model: 'claude-sonnet-4-5', max_tokens: 20, system, messages: [{ role: 'user' as const, content: 'Hello cache' }] };
    const first = await anthropic.messages.create(params);
    assert.ok((first.usage.cache_creation_input_tokens ?? 0) > 0);
    assert.equal(first.usage.cache_read_input_tokens, 0);
    const second = await anthropic.messages.stream(params).finalMessage();
    assert.equal(second.usage.cache_read_input_tokens, first.usage.cache_creation_input_tokens);
    assert.equal(second.usage.cache_creation_input_tokens, 0);
    assert.equal(second.usage.input_tokens, first.usage.input_tokens);
  });

  test('count_tokens, rate-limit headers and the error shape', async () => {
    const counted = await anthropic.messages.countTokens({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Count these words' }] });
    assert.ok(counted.input_tokens > 0);
    const raw = await anthropic.messages.create({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    assert.match(raw.response.headers.get('anthropic-ratelimit-requests-limit') ?? '', /^\d+$/);
    assert.match(raw.response.headers.get('anthropic-ratelimit-tokens-reset') ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const response = await fetch(`${sim.url}/v1/messages`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [] }) });
    assert.equal(response.status, 400);
    const body = await response.json() as { type: string; error: { type: string; message: string } };
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'invalid_request_error');
  });

  test('@anthropic-ai/bedrock-sdk: create, stream, tools and thinking in the Bedrock Claude body', async () => {
    const model = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
    const params = { model, max_tokens: 100, messages: [{ role: 'user' as const, content: 'Hello Bedrock' }] };
    const message = await bedrock.messages.create(params);
    assert.match(message.id, /^msg_bdrk_/);
    const streamed = await bedrock.messages.stream(params).finalMessage();
    assert.deepEqual(streamed.content, message.content);
    assert.equal(streamed.usage.output_tokens, message.usage.output_tokens);
    const tool = await bedrock.messages.create({ ...params, tools: [weatherTool], tool_choice: { type: 'any' } });
    assert.equal(tool.stop_reason, 'tool_use');
    const thinking = await bedrock.messages.stream({ ...params, max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 1024 } }).finalMessage();
    assert.equal(thinking.content[0]?.type, 'thinking');
    assert.deepEqual(sim.stats().signatureRegions, { 'us-east-1': 4 });
  });

  test('a Claude invoke body without anthropic_version is a ValidationException', async () => {
    const response = await fetch(`${sim.url}/model/anthropic.claude-haiku-4-5-20251001-v1:0/invoke`, {
      method: 'POST',
      body: JSON.stringify({ max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('x-amzn-errortype'), 'ValidationException');
  });
});
