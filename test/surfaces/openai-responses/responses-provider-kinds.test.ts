/**
 * `POST /v1/responses` through every provider kind, with the openai SDK against simulators over HTTP. One gateway
 * deploys the model with one provider kind per region; a bare model id runs in its source region only, so the source
 * region picks the provider: converted through the canonical model to chat completions (openai-compatible, sim) and
 * to Converse (bedrock), or relayed as it is (an openai-compatible upstream that declares the Responses API).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startRegionSimulator, type RunningSimulator } from '../../../sim/index.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../../support/test-gateway.js';

const PROVIDERS = [
  { kind: 'sim', region: 'eu-central-1', operations: ['chat.completions'] },
  { kind: 'openai-compatible', region: 'eu-west-3', operations: ['chat.completions'] },
  { kind: 'bedrock', region: 'eu-west-1', operations: ['converse', 'converse-stream'] },
  { kind: 'openai-compatible with wireFormats: [openai-responses]', region: 'eu-north-1', operations: ['responses'] },
] as const;

const weatherTool: OpenAI.Responses.FunctionTool = { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false };

describe('Responses x provider kinds', () => {
  const sims = new Map<string, RunningSimulator>();
  let gateway: TestGateway;
  before(async () => {
    for (const region of ['eu-west-3', 'eu-west-1', 'eu-north-1']) sims.set(region, await startRegionSimulator({ regionId: region, timeToFirstTokenMs: 5, tokensPerSecond: 2_000 }));
    gateway = await startTestGateway(testConfig({
      regions: ['eu-central-1'],
      extraDeployments: [
        { model: NOVA_LITE, region: 'eu-west-3', provider: 'openai-compatible', endpoint: `${sims.get('eu-west-3')?.url}/v1`, upstreamModel: 'sim-model' },
        { model: NOVA_LITE, region: 'eu-west-1', provider: 'bedrock', endpoint: sims.get('eu-west-1')?.url },
        { model: NOVA_LITE, region: 'eu-north-1', provider: 'openai-compatible', endpoint: `${sims.get('eu-north-1')?.url}/v1`, upstreamModel: 'sim-model', wireFormats: ['openai-responses'] },
      ],
    }));
  });
  after(async () => {
    await gateway.close();
    for (const sim of sims.values()) await sim.close();
  });

  for (const provider of PROVIDERS) {
    it(`to ${provider.kind}: JSON, stream and a tool call, served in ${provider.region}`, async () => {
      const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': provider.region } });
      const sim = sims.get(provider.region) ?? gateway.simulator(provider.region);
      const served = () => provider.operations.reduce((sum, name) => sum + sim.stats().operations[name], 0);
      const before = served();
      const { data, response } = await client.responses.create({ model: NOVA_LITE, input: 'hello there', max_output_tokens: 8 }).withResponse();
      assert.ok(data.output_text.length > 0);
      assert.equal(response.headers.get('x-georoute-inference-region'), provider.region);
      const stream = client.responses.stream({ model: NOVA_LITE, input: 'stream please', max_output_tokens: 8 });
      for await (const _event of stream) void _event;
      assert.ok((await stream.finalResponse()).output_text.length > 0);
      const called = await client.responses.create({ model: NOVA_LITE, input: 'What is the weather in Paris?', tools: [weatherTool] });
      assert.equal(called.output.find((item) => item.type === 'function_call')?.type, 'function_call');
      assert.equal(served() - before, 3, `all three reached the upstream as ${provider.operations.join(' / ')}`);
    });
  }
});
