/**
 * The anthropic provider beyond the surface x provider table (test/e2e/surface-provider-table.test.ts, which
 * drives every Claude surface through every provider kind): its rate-limit handling inside a geography of
 * `anthropic`, `bedrock` and `sim` deployments of Claude, JSON mode without a schema (which Anthropic's structured
 * output cannot say) in the same geography, and what it sends on the fast path.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startRegionSimulator } from '../../sim/index.js';
import type { RunningSimulator } from '../../sim/simulator-types.js';
import { startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { CLAUDE, claudeDeployment, claudeModel } from './anthropic-test-kit.js';

const EU = `eu.${CLAUDE}`;

describe('Claude: a throttled anthropic upstream', () => {
  let anthropicSim: RunningSimulator;
  let bedrockSim: RunningSimulator;
  let gateway: TestGateway;
  before(async () => {
    anthropicSim = await startRegionSimulator({ regionId: 'eu-central-1', timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
    bedrockSim = await startRegionSimulator({ regionId: 'eu-west-1', timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
    const base = testConfig({ regions: [] });
    gateway = await startTestGateway({
      ...base,
      models: [claudeModel],
      deployments: [
        claudeDeployment('eu-central-1', { provider: 'anthropic', endpoint: anthropicSim.url, upstreamModel: 'claude-sonnet-4-5-20250929', sim: undefined }),
        claudeDeployment('eu-west-1', { provider: 'bedrock', endpoint: bedrockSim.url, sim: undefined }),
        claudeDeployment('eu-west-3'),
      ],
    }, { env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret' } });
  });
  after(async () => {
    await gateway.close();
    await anthropicSim.close();
    await bedrockSim.close();
  });

  test('a throttled anthropic upstream fails over inside the geography; with nowhere else to go the client gets rate_limit_error and retry-after', async () => {
    anthropicSim.setFaults({ throttle: { retryAfterSeconds: 2 } });
    try {
      const client = new Anthropic({ apiKey: 'unused', baseURL: gateway.url, maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': 'eu-central-1' } });
      const { response } = await client.messages.create({ model: EU, max_tokens: 20, messages: [{ role: 'user', content: 'spill over' }] }).withResponse();
      assert.notEqual(response.headers.get('x-georoute-inference-region'), 'eu-central-1');
      assert.equal(response.headers.get('x-georoute-attempts'), '2');
      const bare = new Anthropic({ apiKey: 'unused', baseURL: gateway.url, maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': 'eu-central-1' } });
      await assert.rejects(bare.messages.create({ model: CLAUDE, max_tokens: 20, messages: [{ role: 'user', content: 'nowhere else' }] }), (error: unknown) => {
        assert.ok(error instanceof Anthropic.RateLimitError);
        assert.ok(Number(error.headers?.get('retry-after')) >= 1);
        return true;
      });
    } finally {
      anthropicSim.resetFaults();
    }
  });

  test('JSON mode without a schema skips the anthropic deployment for one that can say it; with only Anthropic in reach it is a 400 naming response_format', async () => {
    const openai = new OpenAI({ apiKey: 'unused', baseURL: `${gateway.url}/v1`, maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': 'eu-central-1' } });
    const before = anthropicSim.stats().operations.messages ?? 0;
    const params = { max_tokens: 40, messages: [{ role: 'user' as const, content: 'a JSON object please' }], response_format: { type: 'json_object' as const } };
    const { data, response } = await openai.chat.completions.create({ model: EU, ...params }).withResponse();
    assert.notEqual(response.headers.get('x-georoute-inference-region'), 'eu-central-1');
    assert.equal(response.headers.get('x-georoute-attempts'), '1', 'the anthropic deployment was no candidate, not a failed attempt');
    assert.equal(typeof JSON.parse(data.choices[0]?.message.content ?? ''), 'object');
    await assert.rejects(openai.chat.completions.create({ model: CLAUDE, ...params }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError, String(error));
      assert.match(error.message, /honour response_format/);
      assert.equal((error.error as { param?: string }).param, 'response_format');
      return true;
    });
    assert.equal(anthropicSim.stats().operations.messages ?? 0, before, 'nothing was sent to Anthropic');
  });
  test("an OpenAI chat prompt_cache_breakpoint (or cache_control on a message) is Anthropic's cache_control: the second call reads the prefix from the cache; a participant name is a 400 naming it", async () => {
    const openai = new OpenAI({ apiKey: 'unused', baseURL: `${gateway.url}/v1`, maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': 'eu-central-1' } });
    const rules = 'You answer questions about the weather in the style of a terse shipping forecast. '.repeat(40);
    const messages = [
      { role: 'system' as const, content: [{ type: 'text' as const, text: rules, prompt_cache_breakpoint: { mode: 'explicit' as const } }] },
      { role: 'user' as const, content: 'Paris?' },
    ];
    const first = await openai.chat.completions.create({ model: CLAUDE, max_tokens: 20, messages });
    const second = await openai.chat.completions.create({ model: CLAUDE, max_tokens: 20, messages });
    assert.equal(first.usage?.prompt_tokens_details?.cached_tokens ?? 0, 0, 'the first call writes the prefix');
    assert.ok((second.usage?.prompt_tokens_details?.cached_tokens ?? 0) > 0, 'the second reads it: the breakpoint reached Anthropic');
    // The same through LiteLLM's convention: Anthropic's cache_control on an OpenAI chat message.
    const marked = [{ role: 'system' as const, content: `${rules} (marked)`, cache_control: { type: 'ephemeral' } }, { role: 'user' as const, content: 'Lyon?' }];
    await openai.chat.completions.create({ model: CLAUDE, max_tokens: 20, messages: marked as never });
    const again = await openai.chat.completions.create({ model: CLAUDE, max_tokens: 20, messages: marked as never });
    assert.ok((again.usage?.prompt_tokens_details?.cached_tokens ?? 0) > 0, 'cache_control reached Anthropic');
    const before = anthropicSim.stats().operations.messages ?? 0;
    await assert.rejects(openai.chat.completions.create({ model: CLAUDE, max_tokens: 20, messages: [{ role: 'user', name: 'alice', content: 'hi' }] }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError, String(error));
      assert.match(error.message, /honour name/);
      return true;
    });
    assert.equal(anthropicSim.stats().operations.messages ?? 0, before, 'nothing was sent to Anthropic');
  });
});

describe('anthropic provider: the fast path sends the body with only the model substituted', () => {
  let upstream: Server;
  let seen: { headers: IncomingHttpHeaders; body: Record<string, unknown> } | undefined;
  let gateway: TestGateway;
  before(async () => {
    upstream = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      req.on('end', () => {
        seen = { headers: req.headers, body: JSON.parse(text) as Record<string, unknown> };
        res.writeHead(200, { 'content-type': 'application/json', 'anthropic-ratelimit-requests-limit': '50', 'anthropic-ratelimit-requests-remaining': '49' });
        res.end(JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-x', content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 7, output_tokens: 1, cache_read_input_tokens: 100 } }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const port = (upstream.address() as AddressInfo).port;
    process.env.GEOROUTE_TEST_ANTHROPIC_KEY = 'sk-ant-upstream';
    gateway = await startTestGateway({
      ...testConfig({ regions: [] }),
      models: [claudeModel],
      deployments: [claudeDeployment('eu-central-1', { provider: 'anthropic', endpoint: `http://127.0.0.1:${port}`, upstreamModel: 'claude-x', credentials: { apiKeyEnv: 'GEOROUTE_TEST_ANTHROPIC_KEY' }, sim: undefined })],
    });
  });
  after(async () => {
    await gateway.close();
    upstream.close();
  });

  test('model substituted, everything else as sent; x-api-key, anthropic-version and anthropic-beta set', async () => {
    const client = new Anthropic({ apiKey: 'client-key', baseURL: gateway.url, maxRetries: 0, defaultHeaders: { 'anthropic-beta': 'beta-one, beta-two' } });
    const params = {
      model: CLAUDE,
      max_tokens: 64,
      system: [{ type: 'text' as const, text: 'sys', cache_control: { type: 'ephemeral' as const } }],
      messages: [{ role: 'user' as const, content: 'exactly this' }],
      metadata: { user_id: 'u-1' },
      top_k: 3,
    };
    const message = await client.messages.create(params);
    assert.equal(message.usage.cache_read_input_tokens, 100);
    assert.ok(seen);
    assert.deepEqual(seen.body, { ...params, model: 'claude-x', stream: false });
    assert.equal(seen.headers['x-api-key'], 'sk-ant-upstream');
    assert.equal(seen.headers['anthropic-version'], '2023-06-01');
    assert.equal(seen.headers['anthropic-beta'], 'beta-one,beta-two');
  });

  test("what Anthropic's SDK types allow goes as sent: nulls, file images, callers, tool references, adaptive thinking, output_config", async () => {
    const client = new Anthropic({ apiKey: 'client-key', baseURL: gateway.url, maxRetries: 0 });
    const params: Anthropic.MessageCreateParamsNonStreaming = {
      model: CLAUDE,
      max_tokens: 2048,
      system: [{ type: 'text', text: 'sys', cache_control: null, citations: null }],
      messages: [
        { role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'file_01' }, cache_control: null }, { type: 'text', text: 'look' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'find', input: {}, caller: { type: 'direct' }, toolset_name: null }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'tool_reference', tool_name: 'get_weather' }, { type: 'text', text: 'found', citations: null }], toolset_name: null },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'notes' }, title: null, context: null, citations: null },
          ],
        },
      ],
      tools: [{ name: 'get_weather', input_schema: { type: 'object' }, strict: true, cache_control: null }],
      thinking: { type: 'adaptive', display: 'omitted' },
      output_config: { effort: 'max', format: { type: 'json_schema', schema: { type: 'object', properties: {}, additionalProperties: false } } },
    };
    await client.messages.create(params);
    assert.ok(seen);
    assert.deepEqual(seen.body, { ...params, model: 'claude-x', stream: false });
  });
});
