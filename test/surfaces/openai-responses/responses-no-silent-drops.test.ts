/**
 * No silent drops on the Responses surface, end to end with the openai SDK against a real gateway and simulators on
 * loopback: what the canonical model cannot carry (`reasoning.effort: max`, a message's `phase`, a function's
 * `defer_loading` and `output_schema`) makes a converted path a 400 naming each member, while a deployment that
 * speaks the Responses API itself (`wireFormats: [openai-responses]`) gets the body as it came and answers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startRegionSimulator, type RunningSimulator } from '../../../sim/index.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../../support/test-gateway.js';

const CONVERTED = 'eu-central-1';
const RELAYED = 'eu-north-1';

const tool: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'lookup',
  parameters: { type: 'object', properties: { q: { type: 'string' } } },
  strict: false,
  defer_loading: true,
  output_schema: { type: 'object', properties: { hits: { type: 'number' } } },
};

const request: OpenAI.Responses.ResponseCreateParamsNonStreaming = {
  model: NOVA_LITE,
  max_output_tokens: 8,
  reasoning: { effort: 'max', summary: 'auto' },
  tools: [tool],
  input: [
    { role: 'user', content: 'Find it.' },
    { role: 'assistant', content: 'Looking.', phase: 'commentary' },
    { role: 'user', content: 'Go on.' },
  ],
};

describe('Responses: refused by name when converted, carried when relayed', () => {
  let sim: RunningSimulator;
  let gateway: TestGateway;
  before(async () => {
    sim = await startRegionSimulator({ regionId: RELAYED, timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
    gateway = await startTestGateway(testConfig({
      regions: [CONVERTED],
      extraDeployments: [{ model: NOVA_LITE, region: RELAYED, provider: 'openai-compatible', endpoint: `${sim.url}/v1`, upstreamModel: 'sim-model', wireFormats: ['openai-responses'] }],
    }));
  });
  after(async () => {
    await gateway.close();
    await sim.close();
  });

  const clientIn = (region: string) => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': region } });

  it('a converted path answers 400 invalid_request_error naming every member it cannot carry', async () => {
    const before = gateway.simulator(CONVERTED).stats().operations;
    await assert.rejects(clientIn(CONVERTED).responses.create(request), (e: unknown) => {
      assert.ok(e instanceof OpenAI.BadRequestError, String(e));
      const error = e.error as { type?: string; param?: string; message?: string };
      assert.equal(error.type, 'invalid_request_error');
      assert.equal(error.param, 'reasoning.effort "max"');
      for (const name of ['reasoning.effort "max"', 'phase', 'tools[].defer_loading', 'tools[].output_schema']) assert.ok(error.message?.includes(name), `${name} in: ${error.message}`);
      assert.ok(!error.message?.includes('reasoning.summary'), 'a summary auto is the reasoning itself: carried');
      return true;
    });
    assert.deepEqual(gateway.simulator(CONVERTED).stats().operations, before, 'nothing reached the upstream');
  });

  it('the relayed path gets the body as it came and answers', async () => {
    const before = sim.stats().operations;
    const { data, response } = await clientIn(RELAYED).responses.create(request).withResponse();
    assert.equal(response.headers.get('x-georoute-inference-region'), RELAYED);
    assert.equal(sim.stats().operations.responses - before.responses, 1, 'it reached the upstream as the Responses API');
    const echoed = data.tools[0] as OpenAI.Responses.FunctionTool;
    assert.equal(echoed.defer_loading, true);
    assert.deepEqual(echoed.output_schema, tool.output_schema);
  });
});
