/**
 * The bedrock provider on the canonical contract against the region simulator over HTTP: `generate` and `stream`
 * from a canonical request (text, tool calls, usage), the native pass-through of Converse and same-family InvokeModel
 * bodies, and failures classified into kinds (a throttled region is `throttled`, with its retry-after).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRegionSimulator, type RunningSimulator } from '../../../sim/index.js';
import type { Deployment, Model } from '../../../src/catalog/catalog-types.js';
import type { InferenceRequest } from '../../../src/inference/inference-request.js';
import type { InferenceStreamPart } from '../../../src/inference/inference-stream-part.js';
import { BedrockProvider } from '../../../src/providers/bedrock/bedrock-provider.js';
import { UpstreamFailure } from '../../../src/providers/upstream-contract.js';

function deployment(endpoint: string, nativeFormat?: Deployment['nativeFormat']): Deployment {
  return {
    id: 'nova@eu-west-1',
    modelId: 'amazon.nova-2-lite-v1:0',
    regionId: 'eu-west-1',
    provider: 'bedrock',
    endpoint,
    upstreamModel: 'amazon.nova-2-lite-v1:0',
    credentials: {},
    capacity: { requestsPerMinute: 1000, tokensPerMinute: 1_000_000, maxConcurrent: 4 },
    timeouts: { connectMs: 5_000, firstByteMs: 20_000, idleMs: 20_000 },
    allowInsecure: false,
    processingRegionIds: ['eu-west-1'],
    ...(nativeFormat === undefined ? {} : { nativeFormat }),
  };
}

const call = () => ({ signal: new AbortController().signal, requestId: 'req-bedrock-1' });
const question: InferenceRequest = {
  system: [{ type: 'text', text: 'Be brief.' }],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris?' }] }],
  settings: { maxOutputTokens: 12, temperature: 0.2 },
};

describe('bedrock provider against the simulator', () => {
  let sim: RunningSimulator;
  let provider: BedrockProvider;

  before(async () => {
    sim = await startRegionSimulator({ regionId: 'eu-west-1', timeToFirstTokenMs: 0, tokensPerSecond: 10_000 });
    provider = new BedrockProvider(deployment(sim.url, 'nova'), {});
  });
  after(async () => {
    await provider.close();
    await sim.close();
  });

  it('generates from a canonical request through Converse', async () => {
    const { result } = await provider.generate(question, call());
    assert.equal(result.content[0]?.type, 'text');
    assert.ok(result.content[0]?.type === 'text' && result.content[0].text.length > 0);
    assert.ok(['stop', 'length'].includes(result.finishReason.kind));
    assert.ok(result.usage.inputTokens > 0 && result.usage.outputTokens > 0);
  });

  it('streams canonical parts through ConverseStream, in order, with usage', async () => {
    const response = await provider.stream(question, call());
    const parts: InferenceStreamPart[] = [];
    for await (const part of response.parts) parts.push(part);
    assert.equal(parts[0]?.type, 'stream-start');
    const text = parts.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : [])).join('');
    assert.ok(text.length > 0);
    assert.equal(parts.filter((part) => part.type === 'finish').length, 1);
    assert.ok(parts.findIndex((part) => part.type === 'block-end') < parts.findIndex((part) => part.type === 'finish'));
    assert.ok((response.usage()?.outputTokens ?? 0) > 0);
  });

  it('asks for a tool call and gets it back as a canonical tool call with JSON input', async () => {
    const request: InferenceRequest = {
      ...question,
      tools: [{ type: 'function', name: 'get_weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }],
      toolChoice: { type: 'required' },
    };
    const { result } = await provider.generate(request, call());
    const toolCall = result.content.find((part) => part.type === 'tool-call');
    assert.ok(toolCall?.type === 'tool-call');
    assert.equal(toolCall.name, 'get_weather');
    assert.equal(typeof JSON.parse(toolCall.input), 'object');
    assert.equal(result.finishReason.kind, 'tool-calls');
    const streamed = await provider.stream(request, call());
    const parts: InferenceStreamPart[] = [];
    for await (const part of streamed.parts) parts.push(part);
    assert.ok(parts.some((part) => part.type === 'tool-call-start' && part.name === 'get_weather'));
  });

  it('passes a Converse body and a Nova InvokeModel body through natively', async () => {
    assert.deepEqual(provider.native.formats, ['bedrock-converse', 'bedrock-invoke']);
    const converse = await provider.native.send({ format: 'bedrock-converse', body: { messages: [{ role: 'user', content: [{ text: 'hi' }] }] }, stream: false, ...call() });
    assert.equal(converse.kind, 'json');
    if (converse.kind === 'json') assert.ok(converse.usage.inputTokens > 0);
    const novaBody = new TextEncoder().encode(JSON.stringify({ schemaVersion: 'messages-v1', messages: [{ role: 'user', content: [{ text: 'hi' }] }], inferenceConfig: { maxTokens: 5 } }));
    const invoke = await provider.native.send({ format: 'bedrock-invoke', body: novaBody, stream: true, ...call() });
    assert.equal(invoke.kind, 'stream');
    if (invoke.kind === 'stream') {
      let chunks = 0;
      for await (const event of invoke.events) if (event.format === 'bedrock-invoke') chunks += 1;
      assert.ok(chunks > 0);
      assert.ok((invoke.usage()?.outputTokens ?? 0) > 0);
      assert.ok((invoke.outputSoFar?.().estimatedTokens ?? 0) > 0);
    }
  });

  it('takes an InvokeModel body only of its own family', () => {
    const model = (nativeFormat?: Model['nativeFormat']): Model => ({ id: 'm', name: 'm', currency: 'USD', price: { inputMicrosPerMillion: 1n, outputMicrosPerMillion: 1n } as unknown as Model['price'], regionPrices: new Map(), ...(nativeFormat === undefined ? {} : { nativeFormat }) });
    assert.equal(provider.native.accepts?.('bedrock-invoke', model('nova')), true);
    assert.equal(provider.native.accepts?.('bedrock-invoke', model('anthropic')), false);
    assert.equal(provider.native.accepts?.('bedrock-invoke', model()), false);
    assert.equal(provider.native.accepts?.('bedrock-converse', model()), true);
    assert.equal(provider.native.accepts?.('anthropic-messages', model('anthropic')), false);
  });

  it('a deployment of no known family takes no InvokeModel body', () => {
    const plain = new BedrockProvider(deployment(sim.url), {});
    assert.deepEqual(plain.native.formats, ['bedrock-converse']);
    return plain.close();
  });

  it('a throttled region is a throttled failure with its retry-after; a refused conversion names the setting', async () => {
    sim.setFaults({ throttle: { retryAfterSeconds: 2 } });
    try {
      await assert.rejects(provider.generate(question, call()), (error: unknown) => error instanceof UpstreamFailure && error.kind === 'throttled' && error.retryAfterMs === 2000);
      await assert.rejects(provider.stream(question, call()), (error: unknown) => error instanceof UpstreamFailure && error.kind === 'throttled');
    } finally {
      sim.resetFaults();
    }
    await assert.rejects(provider.generate({ ...question, settings: { temperature: 1.5 } }, call()), { code: 'invalid_request', param: 'temperature' });
  });
});
