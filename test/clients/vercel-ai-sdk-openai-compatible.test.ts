/**
 * The Vercel AI SDK's `@ai-sdk/openai-compatible` provider, unmodified, as a team points it at any OpenAI-compatible
 * endpoint: `createOpenAICompatible({ name, baseURL, apiKey, headers })`. It speaks chat completions (never
 * Responses), asks for `stream_options.include_usage` (with `includeUsage: true`), sends `reasoning_effort` from
 * `providerOptions` and reads `reasoning_content`. `generateText`, `streamText`, a tool over several steps,
 * structured output with a JSON schema and an API error, against a gateway backed by region simulators over HTTP;
 * then a Claude deployment served by `provider: 'anthropic'`, so each request crosses the canonical model.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, generateText, jsonSchema, Output, stepCountIs, streamText, tool } from 'ai';
import { startRegionSimulator, type RunningSimulator } from '../../sim/index.js';
import { CLAUDE, EU_CLAUDE, claudeDeployment, claudeModel } from '../anthropic/anthropic-test-kit.js';
import { readAuditRecords } from '../support/read-audit-records.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';

const MODEL = `eu.${NOVA_LITE}`;

/** What the provider sent: `request.body` is the JSON text or the object, depending on the call. */
function sentBody(body: unknown): Record<string, unknown> {
  return (typeof body === 'string' ? JSON.parse(body) : body) as Record<string, unknown>;
}

type Forecast = { city: string; celsius: number; conditions: 'sunny' | 'cloudy' | 'rain'; hours: number[] };
const forecastSchema = jsonSchema<Forecast>({
  type: 'object',
  properties: {
    city: { type: 'string' },
    celsius: { type: 'number' },
    conditions: { type: 'string', enum: ['sunny', 'cloudy', 'rain'] },
    hours: { type: 'array', items: { type: 'integer' }, minItems: 2 },
  },
  required: ['city', 'celsius', 'conditions', 'hours'],
  additionalProperties: false,
});

describe('Vercel AI SDK @ai-sdk/openai-compatible against georoute', () => {
  let anthropicSim: RunningSimulator;
  let gateway: TestGateway;
  let compatible: ReturnType<typeof createOpenAICompatible>;
  before(async () => {
    anthropicSim = await startRegionSimulator({ regionId: 'eu-central-1', timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
    const base = testConfig();
    gateway = await startTestGateway({
      ...base,
      models: [...(base.models as unknown[]), claudeModel],
      deployments: [
        ...(base.deployments as unknown[]),
        claudeDeployment('eu-central-1', { provider: 'anthropic', endpoint: anthropicSim.url, upstreamModel: 'claude-sonnet-4-5-20250929', sim: undefined }),
      ],
    });
    compatible = createOpenAICompatible({
      name: 'georoute',
      baseURL: `${gateway.url}/v1`,
      apiKey: 'unused',
      headers: { 'x-georoute-source-region': 'eu-central-1' },
      includeUsage: true,
      supportsStructuredOutputs: true,
    });
  });
  after(async () => {
    await gateway.close();
    await anthropicSim.close();
  });

  it('generateText answers with usage over chat completions; a length stop is finishReason length', async () => {
    const result = await generateText({ model: compatible(MODEL), system: 'Be brief.', prompt: 'Tell me a long story about rivers.', maxOutputTokens: 3 });
    assert.ok(result.text.length > 0);
    assert.ok((result.usage.inputTokens ?? 0) > 0);
    assert.ok((result.usage.outputTokens ?? 0) > 0);
    assert.equal(result.finishReason, 'length');
    const events = readAuditRecords(gateway.dataDir, 'eu-central-1').map((r) => r.eventName);
    assert.ok(events.includes('ChatCompletions') && !events.includes('Responses'), `it spoke chat completions: ${events.join(', ')}`);
  });

  it('streamText streams the text, and the usage arrives in the stream (include_usage)', async () => {
    const result = streamText({ model: compatible(MODEL), prompt: 'stream please', maxOutputTokens: 12 });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    assert.ok(text.length > 0);
    assert.equal(text, await result.text);
    const usage = await result.usage;
    assert.ok((usage.inputTokens ?? 0) > 0, 'input tokens from the usage chunk');
    assert.ok((usage.outputTokens ?? 0) > 0, 'output tokens from the usage chunk');
    assert.deepEqual(sentBody((await result.request).body).stream_options, { include_usage: true }, 'the provider asked for the usage chunk');
  });

  it('runs a tool over several steps (stopWhen): the call, its result, then the answer', async () => {
    const calls: unknown[] = [];
    const result = await generateText({
      model: compatible(MODEL),
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
    assert.equal(result.steps[1]?.finishReason, 'stop');
    assert.ok(result.text.length > 0, 'the last step answers in text');
  });

  it('structured output (Output.object with a JSON schema) comes back as an object valid for the schema', async () => {
    const result = await generateText({
      model: compatible(MODEL),
      prompt: 'The forecast for Paris, as JSON.',
      output: Output.object({ schema: forecastSchema, name: 'forecast' }),
    });
    assert.equal((sentBody(result.request.body).response_format as { type?: string } | undefined)?.type, 'json_schema', 'the schema was sent');
    const forecast = result.output;
    assert.equal(typeof forecast.city, 'string');
    assert.equal(typeof forecast.celsius, 'number');
    assert.ok(['sunny', 'cloudy', 'rain'].includes(forecast.conditions));
    assert.ok(Array.isArray(forecast.hours) && forecast.hours.length >= 2 && forecast.hours.every((h) => Number.isInteger(h)));
    assert.deepEqual(Object.keys(forecast).sort(), ['celsius', 'city', 'conditions', 'hours']);
    assert.deepEqual(JSON.parse(result.text), forecast);
  });

  it('an unknown model id is an APICallError with status 404 whose message names the model', async () => {
    const model = 'eu.no-such-model-v9:0';
    await assert.rejects(
      generateText({ model: compatible(model), prompt: 'hi', maxRetries: 0 }),
      (error: unknown) => {
        assert.ok(APICallError.isInstance(error), `an APICallError, got ${String(error)}`);
        assert.equal(error.statusCode, 404);
        assert.ok(error.message.includes(model), `the message names the model: ${error.message}`);
        assert.equal(error.isRetryable, false);
        return true;
      },
    );
  });

  describe('Claude served by an Anthropic deployment (converted from chat completions)', () => {
    it('generateText with providerOptions reasoningEffort sends reasoning_effort and gets the reasoning back as reasoning_content', async () => {
      const result = await generateText({
        model: compatible(EU_CLAUDE),
        prompt: 'Think, then answer: 2 + 2?',
        maxOutputTokens: 4096,
        providerOptions: { georoute: { reasoningEffort: 'low' } },
      });
      assert.equal(sentBody(result.request.body).reasoning_effort, 'low');
      const message = (result.response.body as { choices: Array<{ message: { reasoning_content?: string } }> }).choices[0]?.message;
      assert.ok((message?.reasoning_content ?? '').length > 0, 'the answer carries reasoning_content');
      assert.equal(result.reasoningText, message?.reasoning_content, 'the SDK read it as the reasoning');
      assert.ok(result.text.length > 0);
      assert.ok((result.usage.inputTokens ?? 0) > 0 && (result.usage.outputTokens ?? 0) > 0);
      assert.equal(result.response.headers?.['x-georoute-inference-region'], 'eu-central-1');
      assert.ok(readAuditRecords(gateway.dataDir, 'eu-central-1').some((r) => r.eventName === 'ChatCompletions' && r.requestParameters.modelId === EU_CLAUDE));
    });

    it('streamText streams the answer and the reasoning from Claude, with usage', async () => {
      const result = streamText({
        model: compatible(EU_CLAUDE),
        prompt: 'Think, then answer: 3 + 3?',
        maxOutputTokens: 4096,
        providerOptions: { georoute: { reasoningEffort: 'low' } },
        includeRawChunks: true,
      });
      let reasoning = '';
      let rawReasoning = '';
      let text = '';
      for await (const part of result.fullStream) {
        if (part.type === 'reasoning-delta') reasoning += part.text;
        if (part.type === 'text-delta') text += part.text;
        if (part.type === 'raw') rawReasoning += (part.rawValue as { choices?: Array<{ delta?: { reasoning_content?: string } }> }).choices?.[0]?.delta?.reasoning_content ?? '';
      }
      assert.ok(reasoning.length > 0, 'reasoning streamed');
      assert.equal(reasoning, rawReasoning, 'as reasoning_content deltas');
      assert.ok(text.length > 0, 'text streamed');
      assert.equal(text, await result.text);
      assert.ok(((await result.usage).outputTokens ?? 0) > 0);
    });

    it('a plain generateText via Claude (no reasoning) answers with text only', async () => {
      const result = await generateText({ model: compatible(CLAUDE), prompt: 'Say hello.', maxOutputTokens: 16 });
      assert.ok(result.text.length > 0);
      assert.equal(result.reasoningText, undefined);
      assert.equal(result.response.headers?.['x-georoute-inference-region'], 'eu-central-1');
    });
  });
});
