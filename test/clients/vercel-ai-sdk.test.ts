/**
 * The Vercel AI SDK (`ai` with `@ai-sdk/openai`), unmodified, with its default provider `openai(model)`, which
 * speaks the OpenAI Responses API: `generateText`, `streamText`, and a tool over several steps (`stopWhen`), against
 * a gateway backed by region simulators over HTTP.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { readAuditRecords } from '../support/read-audit-records.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';

const MODEL = `eu.${NOVA_LITE}`;

describe('Vercel AI SDK openai(model) against georoute', () => {
  let gateway: TestGateway;
  let openai: ReturnType<typeof createOpenAI>;
  before(async () => {
    gateway = await startTestGateway(testConfig());
    openai = createOpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', headers: { 'x-georoute-source-region': 'eu-central-1' } });
  });
  after(() => gateway.close());

  it('generateText answers with usage; a length stop is finishReason length', async () => {
    const result = await generateText({ model: openai(MODEL), system: 'Be brief.', prompt: 'Tell me a long story about rivers.', maxOutputTokens: 3 });
    assert.ok(result.text.length > 0);
    assert.ok((result.usage.inputTokens ?? 0) > 0);
    assert.ok((result.usage.outputTokens ?? 0) > 0);
    assert.equal(result.finishReason, 'length');
    const events = readAuditRecords(gateway.dataDir, 'eu-central-1').map((r) => r.eventName);
    assert.ok(events.includes('Responses') && !events.includes('ChatCompletions'), 'it spoke the Responses API');
  });

  it('streamText streams the text', async () => {
    const result = streamText({ model: openai(MODEL), prompt: 'stream please', maxOutputTokens: 12 });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    assert.ok(text.length > 0);
    assert.equal(text, await result.text);
    assert.ok(((await result.usage).outputTokens ?? 0) > 0);
  });

  it('runs a tool over several steps (stopWhen): the call, its result, then the answer', async () => {
    const calls: unknown[] = [];
    const result = await generateText({
      model: openai(MODEL),
      prompt: 'What is the weather in Paris?',
      tools: {
        get_weather: tool({
          description: 'The weather in a city',
          inputSchema: jsonSchema<{ city?: string }>({ type: 'object', properties: { city: { type: 'string' } } }),
          execute: async (input) => {
            calls.push(input);
            return { celsius: 21 };
          },
        }),
      },
      stopWhen: stepCountIs(4),
    });
    assert.equal(calls.length, 1, 'the tool ran once');
    assert.equal(result.steps.length, 2, 'a tool step, then a text step');
    assert.equal(result.steps[0]?.finishReason, 'tool-calls');
    assert.ok(result.text.length > 0);
  });

  it('streamText with a tool over several steps', async () => {
    const result = streamText({
      model: openai(MODEL),
      prompt: 'Tell me the weather in Rome.',
      tools: { get_weather: tool({ inputSchema: jsonSchema<Record<string, never>>({ type: 'object', properties: {} }), execute: async () => ({ celsius: 25 }) }) },
      stopWhen: stepCountIs(4),
    });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    assert.equal((await result.steps).length, 2);
    assert.ok(text.length > 0);
  });
});
