/**
 * The "done when" of a new provider, shared by its tests: an OpenAI chat request (openai SDK), a Bedrock Converse
 * request (AWS SDK v3) and an Anthropic Messages request (@anthropic-ai/sdk), each streamed and with a tool call,
 * served through a gateway whose only deployment in `region` is of the provider under test. Not a test file.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { ConverseCommand, ConverseStreamCommand, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import OpenAI from 'openai';
import { API_KEY, captureResponseHeaders, sdkClient, startBedrockTestGateway } from '../bedrock/bedrock-test-kit.js';
import { NOVA_LITE, type TestGateway } from '../support/test-gateway.js';

const weatherTool = { type: 'function' as const, function: { name: 'get_weather', description: 'weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } };
const converseTool = { toolSpec: { name: 'get_weather', description: 'weather for a city', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } } } };

export interface ProviderUnderTest {
  kind: string;
  /** The region of its deployment (the gateway's other deployments are elsewhere). */
  region: string;
  deployment(): Record<string, unknown>;
  /** Upstream requests it received so far (the simulator's counter of its operations). */
  upstreamRequests(): number;
  /** A prompt the upstream's content filter refuses. */
  refusalPrompt: string;
}

export function describeSdkClientsThrough(provider: ProviderUnderTest, setup: { before(): Promise<void>; after(): Promise<void> }): void {
  describe(`openai, AWS and Anthropic SDKs through ${provider.kind}`, () => {
    let gateway: TestGateway;
    let openai: OpenAI;
    let bedrock: BedrockRuntimeClient;
    let anthropic: Anthropic;

    before(async () => {
      await setup.before();
      gateway = await startBedrockTestGateway({ regions: ['eu-central-1'], extraDeployments: [provider.deployment()] });
      const headers = { 'x-georoute-source-region': provider.region };
      openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: API_KEY, maxRetries: 0, defaultHeaders: headers });
      bedrock = sdkClient(gateway, provider.region);
      anthropic = new Anthropic({ baseURL: gateway.url, apiKey: API_KEY, maxRetries: 0, defaultHeaders: headers });
    });
    after(async () => {
      bedrock.destroy();
      await gateway.close();
      await setup.after();
    });

    it('openai SDK: a tool call, then a stream with usage', async () => {
      const before = provider.upstreamRequests();
      const called = await openai.chat.completions.create({ model: NOVA_LITE, messages: [{ role: 'user', content: 'what is the weather in Paris?' }], tools: [weatherTool] }).withResponse();
      assert.equal(called.response.headers.get('x-georoute-inference-region'), provider.region);
      assert.equal(called.data.choices[0]?.finish_reason, 'tool_calls');
      const call = called.data.choices[0]?.message.tool_calls?.[0];
      assert.equal(call?.type === 'function' ? call.function.name : undefined, 'get_weather');
      const stream = await openai.chat.completions.create({ model: NOVA_LITE, messages: [{ role: 'user', content: 'stream please' }], max_tokens: 6, stream: true, stream_options: { include_usage: true } });
      let text = '';
      let usage: OpenAI.CompletionUsage | null | undefined;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? '';
        usage = chunk.usage ?? usage;
      }
      assert.ok(text.length > 0);
      assert.equal(usage?.completion_tokens, 6);
      assert.equal(provider.upstreamRequests(), before + 2, 'both reached the provider under test');
    });

    it('AWS SDK: Converse with a tool, ConverseStream with text', async () => {
      const before = provider.upstreamRequests();
      const headers = captureResponseHeaders(bedrock);
      const out = await bedrock.send(new ConverseCommand({ modelId: NOVA_LITE, messages: [{ role: 'user', content: [{ text: 'what is the weather in Oslo?' }] }], toolConfig: { tools: [converseTool] } }));
      assert.equal(headers.last()['x-georoute-inference-region'], provider.region);
      assert.equal(out.stopReason, 'tool_use');
      assert.equal(out.output?.message?.content?.find((block) => block.toolUse !== undefined)?.toolUse?.name, 'get_weather');
      const streamed = await bedrock.send(new ConverseStreamCommand({ modelId: NOVA_LITE, messages: [{ role: 'user', content: [{ text: 'hello' }] }], inferenceConfig: { maxTokens: 4 } }));
      let text = '';
      let stop: string | undefined;
      let outputTokens: number | undefined;
      for await (const event of streamed.stream ?? []) {
        text += event.contentBlockDelta?.delta?.text ?? '';
        stop = event.messageStop?.stopReason ?? stop;
        outputTokens = event.metadata?.usage?.outputTokens ?? outputTokens;
      }
      assert.ok(text.length > 0);
      assert.equal(stop, 'max_tokens');
      assert.equal(outputTokens, 4);
      assert.equal(provider.upstreamRequests(), before + 2, 'both reached the provider under test');
    });

    it('a content-filter refusal is an answer in each wire, never a failover', async () => {
      const before = provider.upstreamRequests();
      const chat = await openai.chat.completions.create({ model: NOVA_LITE, messages: [{ role: 'user', content: provider.refusalPrompt }], max_tokens: 8 });
      assert.equal(chat.choices[0]?.finish_reason, 'content_filter');
      const converse = await bedrock.send(new ConverseCommand({ modelId: NOVA_LITE, messages: [{ role: 'user', content: [{ text: provider.refusalPrompt }] }], inferenceConfig: { maxTokens: 8 } }));
      assert.equal(converse.stopReason, 'content_filtered');
      assert.equal(provider.upstreamRequests(), before + 2, 'asked once each: no failover');
    });

    // The Anthropic Messages surface reaches converting providers once it is on the canonical path (canon-wires).
    it('Anthropic SDK: Messages with a tool, streamed', async () => {
      const before = provider.upstreamRequests();
      const message = await anthropic.messages.create({
        model: NOVA_LITE, max_tokens: 32, messages: [{ role: 'user', content: 'what is the weather in Rome?' }],
        tools: [{ name: 'get_weather', description: 'weather for a city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      });
      assert.equal(message.stop_reason, 'tool_use');
      assert.equal(message.content.find((block) => block.type === 'tool_use')?.type, 'tool_use');
      const stream = anthropic.messages.stream({ model: NOVA_LITE, max_tokens: 5, messages: [{ role: 'user', content: 'hello there' }] });
      let text = '';
      stream.on('text', (delta) => (text += delta));
      const final = await stream.finalMessage();
      assert.ok(text.length > 0);
      assert.equal(final.stop_reason, 'max_tokens');
      assert.equal(final.usage.output_tokens, 5);
      assert.equal(provider.upstreamRequests(), before + 2, 'both reached the provider under test');
    });
  });
}
