/**
 * `POST /v1/responses` relayed as it is to an openai-compatible upstream that declares the Responses API
 * (`wireFormats: [openai-responses]`), with the openai SDK against a simulator over HTTP. The converted paths, through
 * every provider kind, are in the surface x provider table (test/e2e/surface-provider-table.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startRegionSimulator, type RunningSimulator } from '../../../sim/index.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../../support/test-gateway.js';

const REGION = 'eu-north-1';
const weatherTool: OpenAI.Responses.FunctionTool = { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false };

describe('Responses relayed as it is', () => {
  let sim: RunningSimulator;
  let gateway: TestGateway;
  before(async () => {
    sim = await startRegionSimulator({ regionId: REGION, timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
    gateway = await startTestGateway(testConfig({
      regions: ['eu-central-1'],
      extraDeployments: [{ model: NOVA_LITE, region: REGION, provider: 'openai-compatible', endpoint: `${sim.url}/v1`, upstreamModel: 'sim-model', wireFormats: ['openai-responses'] }],
    }));
  });
  after(async () => {
    await gateway.close();
    await sim.close();
  });

  it(`to an openai-compatible upstream with wireFormats: [openai-responses]: JSON, stream and a tool call, served in ${REGION}`, async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': REGION } });
    const before = sim.stats().operations;
    const { data, response } = await client.responses.create({ model: NOVA_LITE, input: 'hello there', max_output_tokens: 8 }).withResponse();
    assert.ok(data.output_text.length > 0);
    assert.equal(response.headers.get('x-georoute-inference-region'), REGION);
    const stream = client.responses.stream({ model: NOVA_LITE, input: 'stream please', max_output_tokens: 8 });
    for await (const _event of stream) void _event;
    assert.ok((await stream.finalResponse()).output_text.length > 0);
    const called = await client.responses.create({ model: NOVA_LITE, input: 'What is the weather in Paris?', tools: [weatherTool] });
    assert.equal(called.output.find((item) => item.type === 'function_call')?.type, 'function_call');
    const after = sim.stats().operations;
    assert.equal(after.responses - before.responses, 3, 'all three reached the upstream as the Responses API');
    assert.equal(after['chat.completions'] - before['chat.completions'], 0, 'none was converted to chat completions');
  });
});
