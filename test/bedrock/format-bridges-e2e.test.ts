/**
 * Serving one wire format from an upstream of another, end to end over HTTP with standalone simulators:
 * a Converse call (AWS SDK) served by an `openai-compatible` deployment, and an OpenAI chat call (openai client)
 * served by a `bedrock` deployment, which signs its requests with SigV4 for its own region.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConverseCommand, ConverseStreamCommand, InvokeModelCommand, InvokeModelWithResponseStreamCommand, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import OpenAI from 'openai';
import { startRegionSimulator, type RunningSimulator } from '../../sim/index.js';
import { NOVA_LITE, type TestGateway } from '../support/test-gateway.js';
import { API_KEY, captureResponseHeaders, EU_PROFILE, novaBody, sdkClient, startBedrockTestGateway } from './bedrock-test-kit.js';

describe('format bridges end to end', () => {
  let openAiSim: RunningSimulator;
  let bedrockSim: RunningSimulator;
  let gateway: TestGateway;
  let bedrockClient: BedrockRuntimeClient;
  let openai: OpenAI;
  let headers: { last(): Record<string, string> };

  before(async () => {
    openAiSim = await startRegionSimulator({ regionId: 'eu-west-3', timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
    bedrockSim = await startRegionSimulator({ regionId: 'eu-west-1', timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
    gateway = await startBedrockTestGateway({
      regions: [],
      extraDeployments: [
        { model: NOVA_LITE, region: 'eu-west-3', provider: 'openai-compatible', endpoint: `${openAiSim.url}/v1`, upstreamModel: 'sim-model' },
        { model: NOVA_LITE, region: 'eu-west-1', provider: 'bedrock', endpoint: bedrockSim.url },
      ],
    });
    bedrockClient = sdkClient(gateway, 'eu-west-3');
    headers = captureResponseHeaders(bedrockClient);
    openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: API_KEY, maxRetries: 0 });
  });
  after(async () => {
    bedrockClient.destroy();
    await gateway.close();
    await openAiSim.close();
    await bedrockSim.close();
  });

  it('serves Converse from an OpenAI-compatible upstream', async () => {
    const out = await bedrockClient.send(
      new ConverseCommand({ modelId: EU_PROFILE, system: [{ text: 'be brief' }], messages: [{ role: 'user', content: [{ text: 'bridged hello' }] }], inferenceConfig: { maxTokens: 7 } }),
    );
    assert.equal(headers.last()['x-georoute-inference-region'], 'eu-west-3');
    assert.ok((out.output?.message?.content?.[0]?.text ?? '').length > 0);
    assert.equal(out.stopReason, 'max_tokens');
    assert.equal(out.usage?.outputTokens, 7);
    assert.equal(openAiSim.stats().operations['chat.completions'], 1);
  });

  it('serves ConverseStream from an OpenAI-compatible upstream', async () => {
    const out = await bedrockClient.send(
      new ConverseStreamCommand({ modelId: EU_PROFILE, messages: [{ role: 'user', content: [{ text: 'bridged stream' }] }], inferenceConfig: { maxTokens: 9 } }),
    );
    let text = '';
    let stop: string | undefined;
    let outputTokens: number | undefined;
    for await (const event of out.stream ?? []) {
      text += event.contentBlockDelta?.delta?.text ?? '';
      stop = event.messageStop?.stopReason ?? stop;
      outputTokens = event.metadata?.usage?.outputTokens ?? outputTokens;
    }
    assert.ok(text.length > 0);
    assert.equal(stop, 'max_tokens');
    assert.equal(outputTokens, 9);
  });

  it('serves InvokeModel with a Nova body from an OpenAI-compatible upstream, converted both ways', async () => {
    // The bare model id runs in the source region only (eu-west-3), where the one deployment is OpenAI-compatible.
    openAiSim.resetStats();
    const out = await bedrockClient.send(new InvokeModelCommand({ modelId: NOVA_LITE, body: novaBody('native', 4) }));
    const body = JSON.parse(new TextDecoder().decode(out.body)) as { output?: { message?: { role?: string; content?: Array<{ text?: string }> } }; stopReason?: string; usage?: { outputTokens?: number } };
    assert.equal(headers.last()['x-georoute-inference-region'], 'eu-west-3');
    assert.equal(body.output?.message?.role, 'assistant');
    assert.ok((body.output?.message?.content?.[0]?.text ?? '').length > 0);
    assert.equal(body.stopReason, 'max_tokens');
    assert.equal(body.usage?.outputTokens, 4);
    assert.equal(headers.last()['x-amzn-bedrock-output-token-count'], '4');
    assert.equal(openAiSim.stats().operations['chat.completions'], 1);
  });

  it('streams InvokeModelWithResponseStream with a Nova body from an OpenAI-compatible upstream as Nova chunks', async () => {
    const out = await bedrockClient.send(new InvokeModelWithResponseStreamCommand({ modelId: NOVA_LITE, body: novaBody('native stream', 5) }));
    const chunks: Array<Record<string, unknown>> = [];
    for await (const event of out.body ?? []) {
      if (event.chunk?.bytes) chunks.push(JSON.parse(new TextDecoder().decode(event.chunk.bytes)) as Record<string, unknown>);
    }
    const text = chunks.map((chunk) => (chunk.contentBlockDelta as { delta?: { text?: string } } | undefined)?.delta?.text ?? '').join('');
    assert.ok(text.length > 0);
    assert.ok(chunks.some((chunk) => (chunk.messageStop as { stopReason?: string } | undefined)?.stopReason === 'max_tokens'));
    const metrics = chunks.at(-1)?.['amazon-bedrock-invocationMetrics'] as { outputTokenCount?: number } | undefined;
    assert.equal(metrics?.outputTokenCount, 5);
  });

  it('serves an OpenAI chat request from a bedrock upstream, signed for its region', async () => {
    bedrockSim.resetStats();
    const { data, response } = await openai.chat.completions
      .create({ model: EU_PROFILE, messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'via bedrock' }], max_tokens: 5 })
      .withResponse();
    assert.equal(response.headers.get('x-georoute-inference-region'), 'eu-west-1');
    assert.equal(data.object, 'chat.completion');
    assert.ok((data.choices[0].message.content ?? '').length > 0);
    assert.equal(data.choices[0].finish_reason, 'length');
    assert.equal(data.usage?.completion_tokens, 5);
    const stats = bedrockSim.stats();
    assert.equal(stats.operations.converse, 1);
    assert.equal(stats.signedRequests, 1);
    assert.deepEqual(stats.signatureRegions, { 'eu-west-1': 1 });
  });

  it('streams an OpenAI chat request from a bedrock upstream, usage included when asked', async () => {
    const stream = await openai.chat.completions.create({
      model: EU_PROFILE,
      messages: [{ role: 'user', content: 'stream via bedrock' }],
      max_tokens: 6,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null | undefined;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    assert.ok(text.length > 0);
    assert.equal(finish, 'length');
    assert.equal(usage?.completion_tokens, 6);
    assert.equal(bedrockSim.stats().operations['converse-stream'], 1);
  });
});
