import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRegionSimulator, type RunningSimulator } from '../../../sim/index.js';
import type { InferenceRequest } from '../../../src/inference/inference-request.js';
import type { InferenceStreamPart } from '../../../src/inference/inference-stream-part.js';
import { AzureOpenAiProvider } from '../../../src/providers/azure-openai/azure-openai-provider.js';
import { resolveAzureCredential } from '../../../src/providers/azure-openai/resolve-azure-credential.js';
import { UpstreamFailure } from '../../../src/providers/upstream-contract.js';
import { testDeployment } from '../provider-deployment.js';

const ask = (text: string, extra: Partial<InferenceRequest> = {}): InferenceRequest => ({
  system: [{ type: 'text', text: 'You are terse.' }],
  messages: [{ role: 'user', content: [{ type: 'text', text }] }],
  settings: { maxOutputTokens: 12 },
  ...extra,
});
const weatherTool: InferenceRequest['tools'] = [{ type: 'function', name: 'get_weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }];
const call = () => ({ signal: new AbortController().signal, requestId: 'req-azure-test' });

async function collect(parts: AsyncIterable<InferenceStreamPart>): Promise<InferenceStreamPart[]> {
  const all: InferenceStreamPart[] = [];
  for await (const part of parts) all.push(part);
  return all;
}

describe('azure-openai provider against the simulator', () => {
  let sim: RunningSimulator;
  const providers: AzureOpenAiProvider[] = [];
  const provider = async (azure: { apiVersion?: string; entraTokenEnv?: string } = {}, env: NodeJS.ProcessEnv = { AZ_KEY: 'k-123' }) => {
    const deployment = testDeployment({
      provider: 'azure-openai', endpoint: sim.url, upstreamModel: 'gpt-4o-eu',
      credentials: azure.entraTokenEnv === undefined ? { apiKeyEnv: 'AZ_KEY' } : {},
      azure: { deploymentType: 'standard', ...azure },
    });
    const created = new AzureOpenAiProvider(deployment, await resolveAzureCredential(deployment, env, async () => undefined));
    providers.push(created);
    return created;
  };

  before(async () => {
    sim = await startRegionSimulator({ regionId: 'swedencentral', timeToFirstTokenMs: 1, tokensPerSecond: 5_000, requestsPerMinute: 1_000 });
  });
  after(async () => {
    await Promise.all(providers.map((p) => p.close()));
    await sim.close();
  });

  for (const style of [{ name: 'deployments style (api-version)', apiVersion: '2024-10-21' }, { name: 'v1 style', apiVersion: undefined }]) {
    it(`generates text and reads usage in the ${style.name}`, async () => {
      const azure = await provider({ apiVersion: style.apiVersion });
      const { result, rateLimit } = await azure.generate(ask('Say hello.'), call());
      assert.equal(result.content[0]?.type, 'text');
      assert.equal(result.finishReason.kind, 'length');
      assert.ok(result.usage.inputTokens > 0);
      assert.equal(result.usage.outputTokens, 12);
      assert.ok(rateLimit?.remainingRequests !== undefined, 'x-ratelimit-* headers observed');
      assert.ok(result.providerMetadata?.azure?.promptFilterResults, 'prompt_filter_results kept as provider metadata');
    });
  }

  it('streams a tool call in canonical order', async () => {
    const azure = await provider({ apiVersion: '2024-10-21' });
    const response = await azure.stream(ask('What is the weather in Oslo?', { tools: weatherTool, toolChoice: { type: 'auto' } }), call());
    const parts = await collect(response.parts);
    assert.deepEqual(parts.map((p) => p.type), ['stream-start', 'tool-call-start', 'tool-call-delta', 'block-end', 'finish', 'usage']);
    const start = parts[1];
    assert.ok(start.type === 'tool-call-start' && start.name === 'get_weather' && start.id.startsWith('call_'));
    const finish = parts[4];
    assert.ok(finish.type === 'finish' && finish.reason.kind === 'tool-calls');
    assert.ok((response.usage()?.inputTokens ?? 0) > 0);
  });

  it('answers a filtered prompt with a content-filter refusal, not a failure', async () => {
    const azure = await provider({ apiVersion: '2024-10-21' });
    const { result } = await azure.generate(ask('Please sim-content-filter this.'), call());
    assert.deepEqual(result.finishReason, { kind: 'content-filter', raw: 'content_filter' });
    assert.deepEqual(result.content, []);
    const streamed = await collect((await azure.stream(ask('Please sim-content-filter this.'), call())).parts);
    assert.ok(streamed.some((p) => p.type === 'finish' && p.reason.kind === 'content-filter'));
  });

  it('finishes a filtered answer as content-filter (generate and stream)', async () => {
    const azure = await provider();
    const { result } = await azure.generate(ask('Tell a sim-output-filter story.'), call());
    assert.equal(result.finishReason.kind, 'content-filter');
    const parts = await collect((await azure.stream(ask('Tell a sim-output-filter story.'), call())).parts);
    const finish = parts.find((p) => p.type === 'finish');
    assert.ok(finish?.type === 'finish' && finish.reason.kind === 'content-filter');
    assert.ok(parts.some((p) => p.type === 'text-delta'), 'what came before the filter is kept');
  });

  it('passes an OpenAI chat body through natively, deployment substituted', async () => {
    const azure = await provider({ apiVersion: '2024-10-21' });
    const answer = await azure.native.send({ format: 'openai-chat', body: { model: 'caller-model', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 }, stream: false, signal: new AbortController().signal, requestId: 'r' });
    assert.equal(answer.kind, 'json');
    assert.ok(answer.kind === 'json' && !(answer.body instanceof Uint8Array) && (answer.body as Record<string, unknown>).model === 'gpt-4o-eu');
    assert.equal(answer.usage.outputTokens, 5);
  });

  it('refuses a missing api-key and a bad api-version as rejected, a 429 as throttled with retry-after-ms', async () => {
    const keyless = testDeployment({ provider: 'azure-openai', endpoint: sim.url, upstreamModel: 'gpt-4o-eu', azure: { deploymentType: 'standard', entraTokenEnv: 'AZ_TOKEN' } });
    const noToken = new AzureOpenAiProvider(keyless, await resolveAzureCredential(keyless, {}, async () => undefined));
    providers.push(noToken);
    await assert.rejects(noToken.generate(ask('hi'), call()), (error: unknown) => error instanceof UpstreamFailure && error.kind === 'unavailable');
    const anonymous = new AzureOpenAiProvider(keyless, async () => ({}));
    providers.push(anonymous);
    await assert.rejects(anonymous.generate(ask('hi'), call()), (error: unknown) => error instanceof UpstreamFailure && error.kind === 'rejected' && error.status === 401);
    const badVersion = await provider({ apiVersion: '2024-13-99-beta' as string });
    await assert.rejects(badVersion.generate(ask('hi'), call()), (error: unknown) => error instanceof UpstreamFailure && error.kind === 'rejected' && error.status === 400);
    sim.setFaults({ throttle: { retryAfterSeconds: 2 } });
    try {
      const azure = await provider();
      await assert.rejects(azure.generate(ask('hi'), call()), (error: unknown) => error instanceof UpstreamFailure && error.kind === 'throttled' && error.retryAfterMs === 2000);
    } finally {
      sim.resetFaults();
    }
  });

  it('sends a Microsoft Entra token from the environment as a bearer token', async () => {
    const before = sim.stats().bearerRequests;
    const azure = await provider({ apiVersion: '2024-10-21', entraTokenEnv: 'AZ_TOKEN' }, { AZ_TOKEN: 'entra-token' });
    const { result } = await azure.generate(ask('hi'), call());
    assert.ok(result.usage.outputTokens > 0);
    assert.equal(sim.stats().bearerRequests, before + 1);
  });

  it('breaks a cut stream as interrupted, never as a clean end', async () => {
    sim.setFaults({ disconnectAfterChunks: 2 });
    try {
      const azure = await provider();
      const response = await azure.stream(ask('Write a long story.', { settings: { maxOutputTokens: 40 } }), call());
      await assert.rejects(collect(response.parts), (error: unknown) => error instanceof UpstreamFailure && error.kind === 'interrupted');
    } finally {
      sim.resetFaults();
    }
  });
});
