/**
 * Every cross pair of surface and provider kind the registry allows, with the real clients (openai SDK, AWS SDK
 * v3) against simulators over HTTP. One gateway deploys the model with one provider kind per region; a bare model
 * id runs in its source region only, so the source region picks the provider. OpenAI chat and Converse reach every
 * kind (natively or converted); InvokeModel's native body goes as it is to kinds that speak it, and is converted for
 * the others.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConverseCommand, ConverseStreamCommand, InvokeModelCommand, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import OpenAI from 'openai';
import { startRegionSimulator, type RunningSimulator } from '../../sim/index.js';
import { API_KEY, captureResponseHeaders, novaBody, sdkClient, startBedrockTestGateway } from '../bedrock/bedrock-test-kit.js';
import { NOVA_LITE, type TestGateway } from '../support/test-gateway.js';

const PROVIDERS = [
  { kind: 'openai-compatible', region: 'eu-west-3', speaksInvoke: false },
  { kind: 'bedrock', region: 'eu-west-1', speaksInvoke: true },
  { kind: 'sim', region: 'eu-central-1', speaksInvoke: true },
] as const;

const weatherTool = { type: 'function' as const, function: { name: 'get_weather', description: 'weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };
const schema = { type: 'object', properties: { answer: { type: 'string' }, score: { type: 'integer' } }, required: ['answer', 'score'] };

describe('surface x provider pairs', () => {
  let openAiSim: RunningSimulator;
  let bedrockSim: RunningSimulator;
  let gateway: TestGateway;

  before(async () => {
    openAiSim = await startRegionSimulator({ regionId: 'eu-west-3', timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
    bedrockSim = await startRegionSimulator({ regionId: 'eu-west-1', timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
    gateway = await startBedrockTestGateway({
      regions: ['eu-central-1'],
      extraDeployments: [
        { model: NOVA_LITE, region: 'eu-west-3', provider: 'openai-compatible', endpoint: `${openAiSim.url}/v1`, upstreamModel: 'sim-model' },
        { model: NOVA_LITE, region: 'eu-west-1', provider: 'bedrock', endpoint: bedrockSim.url },
      ],
    });
  });
  after(async () => {
    await gateway.close();
    await openAiSim.close();
    await bedrockSim.close();
  });

  for (const provider of PROVIDERS) {
    describe(`to ${provider.kind}`, () => {
      let openai: OpenAI;
      let bedrock: BedrockRuntimeClient;
      before(() => {
        openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: API_KEY, maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': provider.region } });
        bedrock = sdkClient(gateway, provider.region);
      });
      after(() => bedrock.destroy());

      it('openai SDK: a tool call, then structured output', async () => {
        const called = await openai.chat.completions
          .create({ model: NOVA_LITE, messages: [{ role: 'user', content: 'what is the weather in Paris?' }], tools: [weatherTool] })
          .withResponse();
        assert.equal(called.response.headers.get('x-georoute-inference-region'), provider.region);
        assert.equal(called.data.choices[0]?.finish_reason, 'tool_calls');
        const call = called.data.choices[0]?.message.tool_calls?.[0];
        assert.equal(call?.type === 'function' ? call.function.name : undefined, 'get_weather');
        const structured = await openai.chat.completions.create({
          model: NOVA_LITE,
          messages: [{ role: 'user', content: 'rate this' }],
          response_format: { type: 'json_schema', json_schema: { name: 'rating', schema } },
        });
        const value = JSON.parse(structured.choices[0]?.message.content ?? '') as { answer: unknown; score: unknown };
        assert.equal(typeof value.answer, 'string');
        assert.ok(Number.isInteger(value.score));
        assert.ok((structured.usage?.completion_tokens ?? 0) > 0);
      });

      it('openai SDK: a stream with usage', async () => {
        const stream = await openai.chat.completions.create({ model: NOVA_LITE, messages: [{ role: 'user', content: 'stream please' }], max_tokens: 6, stream: true, stream_options: { include_usage: true } });
        let text = '';
        let usage: OpenAI.CompletionUsage | null | undefined;
        for await (const chunk of stream) {
          text += chunk.choices[0]?.delta?.content ?? '';
          usage = chunk.usage ?? usage;
        }
        assert.ok(text.length > 0);
        assert.equal(usage?.completion_tokens, 6);
      });

      it('AWS SDK: Converse and ConverseStream', async () => {
        const headers = captureResponseHeaders(bedrock);
        const out = await bedrock.send(new ConverseCommand({ modelId: NOVA_LITE, messages: [{ role: 'user', content: [{ text: 'hello' }] }], inferenceConfig: { maxTokens: 5 } }));
        assert.equal(headers.last()['x-georoute-inference-region'], provider.region);
        assert.ok((out.output?.message?.content?.[0]?.text ?? '').length > 0);
        assert.equal(out.usage?.outputTokens, 5);
        const streamed = await bedrock.send(new ConverseStreamCommand({ modelId: NOVA_LITE, messages: [{ role: 'user', content: [{ text: 'hello' }] }], inferenceConfig: { maxTokens: 4 } }));
        let text = '';
        let stop: string | undefined;
        for await (const event of streamed.stream ?? []) {
          text += event.contentBlockDelta?.delta?.text ?? '';
          stop = event.messageStop?.stopReason ?? stop;
        }
        assert.ok(text.length > 0);
        assert.equal(stop, 'max_tokens');
      });

      it(`AWS SDK: InvokeModel with the native body is served ${provider.speaksInvoke ? 'as it is' : 'converted'}`, async () => {
        const out = await bedrock.send(new InvokeModelCommand({ modelId: NOVA_LITE, body: novaBody('native hello', 4) }));
        const body = JSON.parse(new TextDecoder().decode(out.body)) as { output?: { message?: { content?: Array<{ text?: string }> } } };
        assert.ok((body.output?.message?.content?.[0]?.text ?? '').length > 0);
      });
    });
  }
});
