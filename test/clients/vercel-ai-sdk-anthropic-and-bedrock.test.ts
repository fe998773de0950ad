/**
 * The Vercel AI SDK's other two providers a team points at georoute, unmodified: `@ai-sdk/anthropic` (the
 * Anthropic Messages API, with an API key) and `@ai-sdk/amazon-bedrock` (Converse and ConverseStream, signed with
 * SigV4 or a Bedrock API key): `generateText`, `streamText`, a tool over several steps and reasoning, against a
 * gateway backed by region simulators over HTTP, each request audited in the source region it claimed; then both
 * against a deployment that speaks only chat completions, so every request goes through the canonical model.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import { createAnthropic } from '@ai-sdk/anthropic';
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { readAuditRecords } from '../support/read-audit-records.js';
import { startRegionSimulator, type RunningSimulator } from '../../sim/index.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { claudeTestConfig, EU_CLAUDE } from '../anthropic/anthropic-test-kit.js';
import { ACCESS_KEY_ID, API_KEY, EU_PROFILE, SECRET_ACCESS_KEY, testAuth, testEnv } from '../bedrock/bedrock-test-kit.js';

const weather = (calls: unknown[]) =>
  tool({
    description: 'The weather in a city',
    inputSchema: jsonSchema<{ city?: string }>({ type: 'object', properties: { city: { type: 'string' } } }),
    execute: async (input) => {
      calls.push(input);
      return { celsius: 21 };
    },
  });

describe('Vercel AI SDK providers for Anthropic and Bedrock against georoute', () => {
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway(claudeTestConfig({ auth: testAuth }), { env: testEnv() });
  });
  after(() => gateway.close());

  describe('@ai-sdk/anthropic', () => {
    const anthropic = () => createAnthropic({ baseURL: `${gateway.url}/v1`, apiKey: API_KEY, headers: { 'x-georoute-source-region': 'eu-central-1' } });

    it('generateText answers with usage over the Messages API, audited in the claimed source region', async () => {
      const result = await generateText({ model: anthropic()(EU_CLAUDE), system: 'Be brief.', prompt: 'Tell me a long story about rivers.', maxOutputTokens: 4 });
      assert.ok(result.text.length > 0);
      assert.ok((result.usage.inputTokens ?? 0) > 0 && (result.usage.outputTokens ?? 0) > 0);
      assert.equal(result.finishReason, 'length');
      assert.ok(readAuditRecords(gateway.dataDir, 'eu-central-1').some((r) => r.eventName === 'Messages' && r.requestParameters.modelId === EU_CLAUDE));
    });

    it('streamText streams the text and its usage', async () => {
      const result = streamText({ model: anthropic()(EU_CLAUDE), prompt: 'stream please', maxOutputTokens: 12 });
      let text = '';
      for await (const delta of result.textStream) text += delta;
      assert.ok(text.length > 0);
      assert.equal(text, await result.text);
      assert.ok(((await result.usage).outputTokens ?? 0) > 0);
    });

    it('runs a tool over several steps: the call, its result, then the answer', async () => {
      const calls: unknown[] = [];
      const result = await generateText({ model: anthropic()(EU_CLAUDE), prompt: 'What is the weather in Paris?', tools: { get_weather: weather(calls) }, stopWhen: stepCountIs(4) });
      assert.equal(calls.length, 1, 'the tool ran once');
      assert.ok(result.steps.length >= 2);
      assert.equal(result.steps[0]?.finishReason, 'tool-calls');
      assert.ok(result.text.length > 0, 'the last step answers in text');
    });

    it('asks for extended thinking and gets the reasoning back, streamed too', async () => {
      const providerOptions = { anthropic: { thinking: { type: 'enabled' as const, budgetTokens: 1024 } } };
      const result = await generateText({ model: anthropic()(EU_CLAUDE), prompt: 'Think, then answer: 2 + 2?', maxOutputTokens: 2048, providerOptions });
      assert.ok((result.reasoningText ?? '').length > 0, 'reasoning came back');
      assert.ok(result.text.length > 0);
      const streamed = streamText({ model: anthropic()(EU_CLAUDE), prompt: 'Think, then answer: 3 + 3?', maxOutputTokens: 2048, providerOptions });
      let reasoning = '';
      for await (const part of streamed.fullStream) if (part.type === 'reasoning-delta') reasoning += part.text;
      assert.ok(reasoning.length > 0, 'reasoning streamed');
    });
  });

  describe('@ai-sdk/amazon-bedrock', () => {
    const signed = () => createAmazonBedrock({ region: 'eu-central-1', baseURL: gateway.url, accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY });
    const bearer = () => createAmazonBedrock({ region: 'eu-west-1', baseURL: gateway.url, apiKey: API_KEY });

    it('generateText over Converse, signed with SigV4: the signed region is the source region', async () => {
      const result = await generateText({ model: signed()(EU_PROFILE), system: 'Be brief.', prompt: 'Tell me a long story about rivers.', maxOutputTokens: 4 });
      assert.ok(result.text.length > 0);
      assert.ok((result.usage.inputTokens ?? 0) > 0 && (result.usage.outputTokens ?? 0) > 0);
      assert.equal(result.finishReason, 'length');
      assert.ok(readAuditRecords(gateway.dataDir, 'eu-central-1').some((r) => r.eventName === 'Converse' && r.requestParameters.modelId === EU_PROFILE));
    });

    it('streamText over ConverseStream, with a Bedrock API key', async () => {
      const result = streamText({ model: bearer()(EU_PROFILE), prompt: 'stream please', maxOutputTokens: 12 });
      let text = '';
      for await (const delta of result.textStream) text += delta;
      assert.ok(text.length > 0);
      assert.equal(text, await result.text);
      assert.ok(((await result.usage).outputTokens ?? 0) > 0);
      assert.ok(readAuditRecords(gateway.dataDir, 'eu-west-1').some((r) => r.eventName === 'ConverseStream'));
    });

    it('runs a tool over several steps, and Claude through Converse with its reasoning', async () => {
      const calls: unknown[] = [];
      const result = await generateText({ model: signed()(EU_PROFILE), prompt: 'What is the weather in Paris?', tools: { get_weather: weather(calls) }, stopWhen: stepCountIs(4) });
      assert.equal(calls.length, 1, 'the tool ran once');
      assert.equal(result.steps[0]?.finishReason, 'tool-calls');
      assert.ok(result.text.length > 0, 'the last step answers in text');
      const claude = await generateText({
        model: signed()(EU_CLAUDE),
        prompt: 'Think, then answer: 2 + 2?',
        maxOutputTokens: 2048,
        providerOptions: { bedrock: { reasoningConfig: { type: 'enabled', budgetTokens: 1024 } } },
      });
      assert.ok(claude.text.length > 0);
      assert.ok((claude.reasoningText ?? '').length > 0, 'reasoning came back through Converse');
    });

    it("a profile that does not exist is Bedrock's 404, in Bedrock's words, and no upstream is called", async () => {
      const before = JSON.stringify(gateway.simulator('eu-central-1').stats().operations);
      await assert.rejects(generateText({ model: signed()('us.amazon.nova-2-lite-v1:0'), prompt: 'hi', maxRetries: 0 }), (error: unknown) => {
        const { statusCode, responseBody } = error as { statusCode?: number; responseBody?: string };
        assert.equal(statusCode, 404, String(error));
        assert.match((JSON.parse(responseBody ?? '{}') as { message?: string }).message ?? '', /us\.amazon\.nova-2-lite-v1:0" does not exist/);
        return true;
      });
      assert.equal(JSON.stringify(gateway.simulator('eu-central-1').stats().operations), before);
    });
  });

  describe('converted: both providers reach an OpenAI-compatible deployment through the canonical model', () => {
    let upstream: RunningSimulator;
    let converted: TestGateway;
    before(async () => {
      upstream = await startRegionSimulator({ regionId: 'eu-central-1', timeToFirstTokenMs: 1, tokensPerSecond: 5_000 });
      const config = testConfig({
        auth: testAuth,
        regions: [],
        extraDeployments: [{ model: NOVA_LITE, region: 'eu-central-1', provider: 'openai-compatible', endpoint: `${upstream.url}/v1`, upstreamModel: 'sim-model' }],
      });
      converted = await startTestGateway(config, { env: testEnv() });
    });
    after(async () => {
      await converted.close();
      await upstream.close();
    });

    it('@ai-sdk/amazon-bedrock: text, a stream and a tool over several steps, served by chat completions upstream', async () => {
      const bedrock = createAmazonBedrock({ region: 'eu-central-1', baseURL: converted.url, accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY });
      const text = await generateText({ model: bedrock(EU_PROFILE), system: 'Be brief.', prompt: 'hello', maxOutputTokens: 8 });
      assert.ok(text.text.length > 0 && (text.usage.outputTokens ?? 0) > 0);
      const streamed = streamText({ model: bedrock(EU_PROFILE), prompt: 'stream please', maxOutputTokens: 8 });
      let deltas = '';
      for await (const delta of streamed.textStream) deltas += delta;
      assert.ok(deltas.length > 0);
      const calls: unknown[] = [];
      const result = await generateText({ model: bedrock(EU_PROFILE), prompt: 'What is the weather in Paris?', tools: { get_weather: weather(calls) }, stopWhen: stepCountIs(4) });
      assert.equal(calls.length, 1);
      assert.ok(result.text.length > 0);
      assert.equal(upstream.stats().operations['chat.completions'], 4, 'each request was converted to chat completions');
      upstream.resetStats();
    });

    it('@ai-sdk/anthropic: text, a stream and a tool over several steps, served by chat completions upstream', async () => {
      const anthropic = createAnthropic({ baseURL: `${converted.url}/v1`, apiKey: API_KEY, headers: { 'x-georoute-source-region': 'eu-central-1' } });
      const text = await generateText({ model: anthropic(EU_PROFILE), prompt: 'hello', maxOutputTokens: 8 });
      assert.ok(text.text.length > 0 && (text.usage.outputTokens ?? 0) > 0);
      const streamed = streamText({ model: anthropic(EU_PROFILE), prompt: 'stream please', maxOutputTokens: 8 });
      let deltas = '';
      for await (const delta of streamed.textStream) deltas += delta;
      assert.ok(deltas.length > 0);
      const calls: unknown[] = [];
      const result = await generateText({ model: anthropic(EU_PROFILE), prompt: 'What is the weather in Paris?', tools: { get_weather: weather(calls) }, stopWhen: stepCountIs(4) });
      assert.equal(calls.length, 1);
      assert.ok(result.text.length > 0);
      assert.equal(upstream.stats().operations['chat.completions'], 4, 'each request was converted to chat completions');
    });
  });
});
