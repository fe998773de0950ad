/**
 * The anthropic provider on the canonical contract against the simulator's Messages API over HTTP: `generate` and
 * `stream` from a canonical request (text, a forced tool call, usage), the native pass-through of a Messages body
 * and of a Bedrock Claude InvokeModel body (answered as Bedrock chunks), and a throttled upstream as a throttled
 * failure with its retry-after and rate-limit observation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRegionSimulator, type RunningSimulator } from '../../../sim/index.js';
import type { Deployment } from '../../../src/catalog/catalog-types.js';
import type { InferenceRequest } from '../../../src/inference/inference-request.js';
import type { InferenceStreamPart } from '../../../src/inference/inference-stream-part.js';
import { AnthropicProvider } from '../../../src/providers/anthropic/anthropic-provider.js';
import { UpstreamFailure } from '../../../src/providers/upstream-contract.js';

function deployment(endpoint: string): Deployment {
  return {
    id: 'claude@eu-west-1',
    modelId: 'claude-sonnet-4-5',
    regionId: 'eu-west-1',
    provider: 'anthropic',
    endpoint,
    upstreamModel: 'claude-sonnet-4-5',
    credentials: {},
    capacity: { requestsPerMinute: 1000, tokensPerMinute: 1_000_000, maxConcurrent: 4 },
    timeouts: { connectMs: 5_000, firstByteMs: 20_000, idleMs: 20_000 },
    allowInsecure: false,
    processingRegionIds: ['eu-west-1'],
    nativeFormat: 'anthropic',
  };
}

const call = () => ({ signal: new AbortController().signal, requestId: 'req-anthropic-1' });
const question: InferenceRequest = {
  system: [{ type: 'text', text: 'Be brief.' }],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris?' }] }],
  settings: { maxOutputTokens: 12 },
};

async function collect(parts: AsyncIterable<InferenceStreamPart>): Promise<InferenceStreamPart[]> {
  const out: InferenceStreamPart[] = [];
  for await (const part of parts) out.push(part);
  return out;
}

describe('anthropic provider against the simulator', () => {
  let sim: RunningSimulator;
  let provider: AnthropicProvider;

  before(async () => {
    sim = await startRegionSimulator({ regionId: 'eu-west-1', timeToFirstTokenMs: 0, tokensPerSecond: 10_000 });
    provider = new AnthropicProvider(deployment(sim.url), {});
  });
  after(async () => {
    await provider.close();
    await sim.close();
  });

  it('generates from a canonical request through the Messages API', async () => {
    const { result } = await provider.generate(question, call());
    assert.ok(result.id?.startsWith('msg_'));
    assert.ok(result.content[0]?.type === 'text' && result.content[0].text.length > 0);
    assert.ok(['stop', 'length'].includes(result.finishReason.kind));
    assert.ok(result.usage.inputTokens > 0 && result.usage.outputTokens > 0);
  });

  it('streams canonical parts from the SSE stream, usage reported', async () => {
    const response = await provider.stream(question, call());
    const parts = await collect(response.parts);
    assert.equal(parts[0]?.type, 'stream-start');
    assert.ok(parts.some((part) => part.type === 'text-delta'));
    assert.equal(parts.filter((part) => part.type === 'finish').length, 1);
    assert.ok((response.usage()?.outputTokens ?? 0) > 0);
  });

  it('forces a tool call and reads it back as a canonical tool call', async () => {
    const request: InferenceRequest = {
      ...question,
      tools: [{ type: 'function', name: 'get_weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }],
      toolChoice: { type: 'tool', name: 'get_weather' },
    };
    const { result } = await provider.generate(request, call());
    const toolCall = result.content.find((part) => part.type === 'tool-call');
    assert.ok(toolCall?.type === 'tool-call' && toolCall.name === 'get_weather');
    assert.equal(result.finishReason.kind, 'tool-calls');
    const parts = await collect((await provider.stream(request, call())).parts);
    assert.ok(parts.some((part) => part.type === 'tool-call-start' && part.name === 'get_weather'));
    assert.ok(parts.some((part) => part.type === 'tool-call-delta'));
  });

  it('passes a Messages body and a Bedrock Claude body through natively', async () => {
    assert.deepEqual(provider.native.formats, ['anthropic-messages', 'bedrock-invoke']);
    const messages = await provider.native.send({ format: 'anthropic-messages', body: { model: 'ignored', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }, stream: true, ...call() });
    assert.equal(messages.kind, 'stream');
    if (messages.kind === 'stream') {
      const types: string[] = [];
      for await (const event of messages.events) if (event.format === 'anthropic-messages') types.push(event.eventType);
      assert.equal(types[0], 'message_start');
      assert.equal(types.at(-1), 'message_stop');
      assert.ok((messages.usage()?.inputTokens ?? 0) > 0);
    }
    const claudeBody = new TextEncoder().encode(JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }));
    const invoke = await provider.native.send({ format: 'bedrock-invoke', body: claudeBody, stream: false, ...call() });
    assert.equal(invoke.kind, 'json');
    if (invoke.kind === 'json') {
      assert.ok(invoke.body instanceof Uint8Array);
      assert.equal((JSON.parse(Buffer.from(invoke.body).toString('utf8')) as { type: string }).type, 'message');
    }
  });

  it('a throttled upstream is a throttled failure with retry-after; a refused conversion names the setting', async () => {
    sim.setFaults({ throttle: { retryAfterSeconds: 3 } });
    try {
      await assert.rejects(provider.generate(question, call()), (error: unknown) => error instanceof UpstreamFailure && error.kind === 'throttled' && error.retryAfterMs === 3000);
      await assert.rejects(provider.stream(question, call()), (error: unknown) => error instanceof UpstreamFailure && error.kind === 'throttled');
    } finally {
      sim.resetFaults();
    }
    await assert.rejects(provider.generate({ ...question, settings: { serviceTier: 'flex' } }, call()), { code: 'invalid_request', param: 'serviceTier' });
  });

  it('reads anthropic-ratelimit-* headers into the rate-limit observation', async () => {
    const { rateLimit } = await provider.generate(question, call());
    assert.ok((rateLimit?.limitRequests ?? 0) > 0);
    assert.equal(typeof rateLimit?.remainingRequests, 'number');
    assert.equal(typeof rateLimit?.limitTokens, 'number');
  });
});
