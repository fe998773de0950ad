/**
 * A tool loop with a reasoning Claude through the OpenAI chat surface, as clients write it: the answer's message is
 * pushed back as it is (`messages.push(completion.choices[0].message)`) with the tool result. Its
 * `reasoning_details` carry the thinking with its signature, which Anthropic requires in a tool loop; an echo with
 * only `reasoning_content` (no signature) is kept away from Anthropic: served where unsigned reasoning is taken (an
 * openai-compatible deployment), else a 400 naming `reasoning_content`. A recording proxy in front of the region
 * simulator shows what Anthropic received.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { startRegionSimulator } from '../../sim/index.js';
import type { RunningSimulator } from '../../sim/simulator-types.js';
import { startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { CLAUDE, EU_CLAUDE, claudeDeployment, claudeModel } from './anthropic-test-kit.js';

type Body = { messages?: Array<{ role: string; content: unknown }> };

/** Forwards every request to `target` and keeps the JSON bodies of `POST /v1/messages`. */
function recordingProxy(target: string, bodies: Body[]): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method === 'POST' && req.url?.startsWith('/v1/messages') === true) bodies.push(JSON.parse(body.toString('utf8')) as Body);
      const upstream = httpRequest(`${target}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
}

const tools = [{ type: 'function' as const, function: { name: 'get_weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];

describe('Claude through OpenAI chat: the echoed assistant message keeps its signed thinking', () => {
  let anthropicSim: RunningSimulator;
  let compatibleSim: RunningSimulator;
  let proxy: Server;
  let gateway: TestGateway;
  const received: Body[] = [];
  before(async () => {
    anthropicSim = await startRegionSimulator({ regionId: 'eu-central-1', timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
    compatibleSim = await startRegionSimulator({ regionId: 'eu-west-1', timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
    proxy = recordingProxy(anthropicSim.url, received);
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    gateway = await startTestGateway({
      ...testConfig({ regions: [] }),
      models: [claudeModel],
      deployments: [
        claudeDeployment('eu-central-1', { provider: 'anthropic', endpoint: proxyUrl, upstreamModel: 'claude-sonnet-4-5-20250929', sim: undefined }),
        claudeDeployment('eu-west-1', { provider: 'openai-compatible', endpoint: `${compatibleSim.url}/v1`, upstreamModel: 'claude-compatible', sim: undefined }),
      ],
    });
  });
  after(async () => {
    await gateway.close();
    proxy.close();
    await anthropicSim.close();
    await compatibleSim.close();
  });

  test('a tool call with reasoning, then the message pushed back as is with the tool result: served, and Anthropic got the thinking with its signature', async () => {
    const openai = new OpenAI({ apiKey: 'unused', baseURL: `${gateway.url}/v1`, maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': 'eu-central-1' } });
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const first = await openai.chat.completions.create({
      model: CLAUDE,
      max_tokens: 4096,
      reasoning_effort: 'low',
      tools,
      // Auto, as Anthropic requires with thinking (a forced tool is refused there); the simulator calls the tool
      // for a weather question.
      tool_choice: 'auto',
      messages,
    });
    const message = first.choices[0]?.message;
    assert.ok(message !== undefined);
    const details = (message as unknown as { reasoning_details?: Array<{ type: string; text?: string; signature?: string; index: number }> }).reasoning_details;
    const thinking = details?.[0];
    assert.equal(thinking?.type, 'reasoning.text');
    assert.ok(typeof thinking?.signature === 'string' && thinking.signature !== '', 'the answer carries the signature');
    assert.equal((message as unknown as { reasoning_content?: string }).reasoning_content, thinking?.text);
    const call = message.tool_calls?.[0];
    assert.ok(call !== undefined && call.type === 'function');

    messages.push(message);
    messages.push({ role: 'tool', tool_call_id: call.id, content: '{"temperature_c":21}' });
    const sentBefore = received.length;
    const { data: second, response } = await openai.chat.completions.create({ model: CLAUDE, max_tokens: 4096, reasoning_effort: 'low', tools, messages }).withResponse();
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-georoute-inference-region'), 'eu-central-1');
    assert.ok(second.choices[0]?.message !== undefined);
    assert.equal(received.length, sentBefore + 1);
    const assistant = received[received.length - 1]?.messages?.find((m) => m.role === 'assistant');
    assert.deepEqual((assistant?.content as unknown[])[0], { type: 'thinking', thinking: thinking?.text, signature: thinking?.signature });
    assert.equal((assistant?.content as Array<{ type: string }>)[1]?.type, 'tool_use');
  });

  test('the echo with only reasoning_content (no signature) skips Anthropic for an openai-compatible deployment; with only Anthropic in reach it is a 400 naming reasoning_content', async () => {
    const openai = new OpenAI({ apiKey: 'unused', baseURL: `${gateway.url}/v1`, maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': 'eu-central-1' } });
    const echoed = {
      role: 'assistant' as const,
      content: null,
      reasoning_content: 'The user wants the weather in Paris.',
      tool_calls: [{ id: 'toolu_1', type: 'function' as const, function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
    };
    const messages = [
      { role: 'user' as const, content: 'What is the weather in Paris?' },
      echoed as OpenAI.Chat.ChatCompletionAssistantMessageParam,
      { role: 'tool' as const, tool_call_id: 'toolu_1', content: '{"temperature_c":21}' },
    ];
    const sentBefore = received.length;
    const { response } = await openai.chat.completions.create({ model: EU_CLAUDE, max_tokens: 4096, reasoning_effort: 'low', tools, messages }).withResponse();
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-georoute-inference-region'), 'eu-west-1');
    assert.equal(response.headers.get('x-georoute-attempts'), '1', 'the anthropic deployment was no candidate, not a failed attempt');
    await assert.rejects(openai.chat.completions.create({ model: CLAUDE, max_tokens: 4096, reasoning_effort: 'low', tools, messages }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError, String(error));
      assert.match(error.message, /honour reasoning_content/);
      assert.equal((error.error as { param?: string }).param, 'reasoning_content');
      return true;
    });
    assert.equal(received.length, sentBefore, 'nothing was sent to Anthropic');
  });
});
