import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRegionSimulator, type RunningSimulator } from '../../../sim/index.js';
import type { InferenceRequest } from '../../../src/inference/inference-request.js';
import type { InferenceStreamPart } from '../../../src/inference/inference-stream-part.js';
import { UpstreamFailure } from '../../../src/providers/upstream-contract.js';
import { createVertexAccessToken } from '../../../src/providers/vertex-gemini/vertex-access-token.js';
import { VertexGeminiProvider } from '../../../src/providers/vertex-gemini/vertex-gemini-provider.js';
import { testDeployment } from '../provider-deployment.js';
import { createTestServiceAccount, TEST_CLIENT_EMAIL } from './vertex-test-credentials.js';

const ask = (text: string, extra: Partial<InferenceRequest> = {}): InferenceRequest => ({
  system: [{ type: 'text', text: 'You are a terse assistant for the georoute tests.' }],
  messages: [{ role: 'user', content: [{ type: 'text', text }] }],
  settings: { maxOutputTokens: 10 },
  ...extra,
});
const weatherTool: InferenceRequest['tools'] = [{ type: 'function', name: 'get_weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } }, additionalProperties: false } }];
const call = () => ({ signal: new AbortController().signal, requestId: 'req-vertex-test' });

async function collect(parts: AsyncIterable<InferenceStreamPart>): Promise<InferenceStreamPart[]> {
  const all: InferenceStreamPart[] = [];
  for await (const part of parts) all.push(part);
  return all;
}

describe('vertex-gemini provider against the simulator', () => {
  let sim: RunningSimulator;
  let keyFile: string;
  const providers: VertexGeminiProvider[] = [];
  const provider = (file = keyFile) => {
    const deployment = testDeployment({ provider: 'vertex-gemini', endpoint: sim.url, upstreamModel: 'gemini-2.5-flash', vertex: { project: 'sim-project', location: 'europe-west4', credentialsFile: file } });
    const created = new VertexGeminiProvider(deployment, createVertexAccessToken(deployment));
    providers.push(created);
    return created;
  };

  before(async () => {
    // The simulator verifies assertions against the keys it was given; the key file names the simulator's URL.
    const keys: Record<string, string> = {};
    sim = await startRegionSimulator({ regionId: 'europe-west4', timeToFirstTokenMs: 1, tokensPerSecond: 5_000, googleServiceAccountKeys: keys });
    const account = createTestServiceAccount(`${sim.url}/oauth2/token`);
    keys[TEST_CLIENT_EMAIL] = account.publicKeyPem;
    keyFile = account.keyFile;
  });
  after(async () => {
    await Promise.all(providers.map((p) => p.close()));
    await sim.close();
  });

  it('generates text with a service-account token, fetched once and then cached', async () => {
    const gemini = provider();
    const issued = sim.stats().googleTokensIssued;
    const first = await gemini.generate(ask('Say hello.'), call());
    const second = await gemini.generate(ask('Say hello again.'), call());
    assert.equal(first.result.content[0]?.type, 'text');
    assert.equal(first.result.finishReason.kind, 'length');
    assert.equal(first.result.usage.outputTokens, 10);
    assert.ok(second.result.usage.inputTokens > 0);
    assert.equal(sim.stats().googleTokensIssued, issued + 1, 'one token for both requests');
  });

  it('refreshes a token that is about to expire', async () => {
    const keys: Record<string, string> = {};
    const shortLived = await startRegionSimulator({ regionId: 'europe-west4', timeToFirstTokenMs: 1, tokensPerSecond: 5_000, googleTokenLifetimeSeconds: 60, googleServiceAccountKeys: keys });
    try {
      const account = createTestServiceAccount(`${shortLived.url}/oauth2/token`);
      keys[TEST_CLIENT_EMAIL] = account.publicKeyPem;
      const deployment = testDeployment({ provider: 'vertex-gemini', endpoint: shortLived.url, upstreamModel: 'gemini-2.5-flash', vertex: { project: 'sim-project', location: 'europe-west4', credentialsFile: account.keyFile } });
      const gemini = new VertexGeminiProvider(deployment, createVertexAccessToken(deployment));
      try {
        await gemini.generate(ask('one'), call());
        await gemini.generate(ask('two'), call());
      } finally {
        await gemini.close();
      }
      // A 60 s token is inside the library's refresh margin: each request gets a fresh one.
      assert.equal(shortLived.stats().googleTokensIssued, 2);
    } finally {
      await shortLived.close();
    }
  });

  it('reports the implicitly cached system instruction as cache reads', async () => {
    const gemini = provider();
    await gemini.generate(ask('First question.'), call());
    const { result } = await gemini.generate(ask('Second question.'), call());
    assert.ok((result.usage.cacheReadInputTokens ?? 0) > 0, 'cachedContentTokenCount read');
    assert.ok(result.usage.inputTokens > (result.usage.cacheReadInputTokens ?? 0), 'input includes the cached prefix');
  });

  it('calls a function (generate and stream) and finishes as tool-calls', async () => {
    const gemini = provider();
    const { result } = await gemini.generate(ask('What is the weather in Oslo?', { tools: weatherTool, toolChoice: { type: 'auto' } }), call());
    const toolCall = result.content.find((p) => p.type === 'tool-call');
    assert.ok(toolCall?.type === 'tool-call' && toolCall.name === 'get_weather' && toolCall.input === '{}');
    assert.equal(result.finishReason.kind, 'tool-calls');
    const parts = await collect((await gemini.stream(ask('What is the weather in Oslo?', { tools: weatherTool }), call())).parts);
    assert.deepEqual(parts.map((p) => p.type), ['stream-start', 'tool-call-start', 'tool-call-delta', 'block-end', 'finish', 'usage']);
  });

  it('streams text deltas in one block, then finish and usage', async () => {
    const gemini = provider();
    const response = await gemini.stream(ask('Tell me something.'), call());
    const parts = await collect(response.parts);
    assert.equal(parts[0]?.type, 'stream-start');
    const deltas = parts.filter((p) => p.type === 'text-delta');
    assert.equal(deltas.length, 10);
    assert.ok(deltas.every((p) => p.type === 'text-delta' && p.index === 0));
    assert.deepEqual(parts.slice(-3).map((p) => p.type), ['block-end', 'finish', 'usage']);
    assert.equal(response.usage()?.outputTokens, 10);
  });

  it('asks for thinking and structured output through generationConfig', async () => {
    const gemini = provider();
    const { result } = await gemini.generate(ask('Think, then answer as JSON.', {
      settings: { maxOutputTokens: 60, reasoning: { type: 'enabled', budgetTokens: 64 }, responseFormat: { type: 'json-schema', name: 'answer', schema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false } } },
    }), call());
    const reasoning = result.content.find((p) => p.type === 'reasoning');
    assert.ok(reasoning?.type === 'reasoning' && reasoning.signature !== undefined, 'a thought with its signature');
    assert.ok((result.usage.reasoningTokens ?? 0) > 0);
    const text = result.content.find((p) => p.type === 'text');
    assert.ok(text?.type === 'text');
    assert.equal(typeof (JSON.parse(text.text) as { ok: unknown }).ok, 'boolean');
  });

  it('maps a safety block to a content-filter finish, not a failure', async () => {
    const gemini = provider();
    const { result } = await gemini.generate(ask('sim-safety-block please'), call());
    assert.deepEqual(result.finishReason, { kind: 'content-filter', raw: 'SAFETY' });
    const parts = await collect((await gemini.stream(ask('sim-safety-block please'), call())).parts);
    assert.ok(parts.some((p) => p.type === 'finish' && p.reason.kind === 'content-filter'));
  });

  it('fails over on RESOURCE_EXHAUSTED with its RetryInfo, and refuses a key the token endpoint does not know', async () => {
    sim.setFaults({ throttle: { retryAfterSeconds: 3 } });
    try {
      await assert.rejects(provider().generate(ask('hi'), call()), (error: unknown) => error instanceof UpstreamFailure && error.kind === 'throttled' && error.retryAfterMs === 3000 && error.upstreamErrorType === 'RESOURCE_EXHAUSTED');
    } finally {
      sim.resetFaults();
    }
    const stranger = createTestServiceAccount(`${sim.url}/oauth2/token`);
    await assert.rejects(provider(stranger.keyFile).generate(ask('hi'), call()), (error: unknown) => error instanceof UpstreamFailure && error.kind === 'unavailable' && /access token/.test(error.message));
  });

  it('breaks a stream cut before its finishing chunk as interrupted', async () => {
    sim.setFaults({ disconnectAfterChunks: 3 });
    try {
      const response = await provider().stream(ask('Write a long story.', { settings: { maxOutputTokens: 40 } }), call());
      await assert.rejects(collect(response.parts), (error: unknown) => error instanceof UpstreamFailure && error.kind === 'interrupted');
    } finally {
      sim.resetFaults();
    }
  });
});
