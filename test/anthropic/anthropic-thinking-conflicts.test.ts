/**
 * Beside extended thinking, Claude refuses a forced tool choice, a temperature other than 1, top-k and a top-p
 * below 0.95 (Anthropic and Bedrock answer 400). The anthropic provider and the bedrock provider for an
 * anthropic-family model refuse such a converted request, so routing serves it elsewhere or answers the caller's
 * 400 naming the setting; nothing reaches Claude. The simulator answers a relayed one with Anthropic's 400.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startRegionSimulator } from '../../sim/index.js';
import type { RunningSimulator } from '../../sim/simulator-types.js';
import { claudeThinkingConflicts } from '../../src/capabilities/claude-thinking-conflicts.js';
import type { InferenceRequest } from '../../src/inference/inference-request.js';
import { anthropicCapabilities } from '../../src/providers/anthropic/anthropic-capabilities.js';
import { bedrockCapabilities } from '../../src/providers/bedrock/bedrock-capabilities.js';
import { startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { CLAUDE, EU_CLAUDE, claudeDeployment, claudeModel } from './anthropic-test-kit.js';

const THINKING = { type: 'enabled', effort: 'low' } as const;
const request = (settings: InferenceRequest['settings'], toolChoice?: InferenceRequest['toolChoice']): InferenceRequest => ({
  system: [],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'weather in Paris?' }] }],
  settings,
  tools: [{ type: 'function', name: 'get_weather', inputSchema: { type: 'object', properties: {} } }],
  ...(toolChoice === undefined ? {} : { toolChoice }),
});

describe('claudeThinkingConflicts', () => {
  it('names each setting Claude refuses while thinking', () => {
    assert.deepEqual(claudeThinkingConflicts(request({ reasoning: THINKING }, { type: 'required' })), ['toolChoice']);
    assert.deepEqual(claudeThinkingConflicts(request({ reasoning: THINKING }, { type: 'tool', name: 'get_weather' })), ['toolChoice']);
    assert.deepEqual(claudeThinkingConflicts(request({ reasoning: THINKING, temperature: 0.2, topK: 5, topP: 0.9 })), ['temperature', 'topK', 'topP']);
  });

  it('asks nothing of what Claude takes while thinking, or when thinking is off', () => {
    assert.deepEqual(claudeThinkingConflicts(request({ reasoning: THINKING, temperature: 1, topP: 0.95 }, { type: 'auto' })), []);
    assert.deepEqual(claudeThinkingConflicts(request({ reasoning: THINKING }, { type: 'none' })), []);
    assert.deepEqual(claudeThinkingConflicts(request({ temperature: 0.2, topK: 5, topP: 0.5 }, { type: 'required' })), []);
    assert.deepEqual(claudeThinkingConflicts(request({ reasoning: { type: 'disabled' }, temperature: 0.2 }, { type: 'required' })), []);
  });

  it('the anthropic provider and a Claude deployment on Bedrock refuse them; Nova on Bedrock does not', () => {
    const forced = request({ reasoning: THINKING, temperature: 0 }, { type: 'required' });
    assert.deepEqual(anthropicCapabilities.refuses?.(forced), ['toolChoice', 'temperature']);
    assert.deepEqual(anthropicCapabilities.refuses?.(request({ reasoning: THINKING, responseFormat: { type: 'json' } }, { type: 'required' })), ['responseFormat', 'toolChoice']);
    const deployment = (nativeFormat: string) => ({ nativeFormat }) as Parameters<typeof bedrockCapabilities>[0];
    assert.deepEqual(bedrockCapabilities(deployment('anthropic')).refuses?.(forced), ['toolChoice', 'temperature']);
    assert.deepEqual(bedrockCapabilities(deployment('nova')).refuses?.(forced), [], 'Nova takes them');
  });

  it('beside them, a temperature above 1 (both wires) and a tool choice none beside tools (Converse), each named once', () => {
    const deployment = (nativeFormat: string) => ({ nativeFormat }) as Parameters<typeof bedrockCapabilities>[0];
    assert.deepEqual(anthropicCapabilities.refuses?.(request({ temperature: 1.5 })), ['temperature']);
    assert.deepEqual(anthropicCapabilities.refuses?.(request({ temperature: 1.5, reasoning: THINKING })), ['temperature']);
    assert.deepEqual(anthropicCapabilities.refuses?.(request({}, { type: 'none' })), [], 'Anthropic has tool choice none');
    for (const family of ['nova', 'anthropic']) {
      const refuses = bedrockCapabilities(deployment(family)).refuses;
      assert.deepEqual(refuses?.(request({}, { type: 'none' })), ['toolChoice'], family);
      assert.deepEqual(refuses?.(request({ temperature: 1.5 })), ['temperature'], family);
      assert.deepEqual(refuses?.({ ...request({}), tools: undefined, toolChoice: { type: 'none' } }), [], `${family}: none without tools asks nothing`);
    }
    assert.deepEqual(bedrockCapabilities(deployment('anthropic')).refuses?.(request({ temperature: 1.5, reasoning: THINKING }, { type: 'none' })), ['toolChoice', 'temperature']);
  });

  it('a service tier the wire lacks, and no parallel tool calls beside tool choice none (Anthropic)', () => {
    const deployment = (nativeFormat: string) => ({ nativeFormat }) as Parameters<typeof bedrockCapabilities>[0];
    assert.deepEqual(anthropicCapabilities.refuses?.(request({ serviceTier: 'flex' })), ['serviceTier']);
    assert.deepEqual(anthropicCapabilities.refuses?.(request({ serviceTier: 'auto' })), []);
    assert.deepEqual(anthropicCapabilities.refuses?.(request({ serviceTier: 'default' })), []);
    assert.deepEqual(anthropicCapabilities.refuses?.(request({ parallelToolCalls: false }, { type: 'none' })), ['parallelToolCalls']);
    assert.deepEqual(anthropicCapabilities.refuses?.(request({ parallelToolCalls: false }, { type: 'auto' })), []);
    const nova = bedrockCapabilities(deployment('nova')).refuses;
    assert.deepEqual(nova?.(request({ serviceTier: 'scale' })), ['serviceTier']);
    for (const tier of ['auto', 'default', 'flex', 'priority', 'reserved']) assert.deepEqual(nova?.(request({ serviceTier: tier })), [], tier);
  });
});

const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];

describe('Claude with thinking and a forced tool, through the OpenAI chat surface', () => {
  let anthropicSim: RunningSimulator;
  let compatibleSim: RunningSimulator;
  let gateway: TestGateway;
  let openai: OpenAI;
  before(async () => {
    anthropicSim = await startRegionSimulator({ regionId: 'eu-central-1', timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
    compatibleSim = await startRegionSimulator({ regionId: 'eu-west-1', timeToFirstTokenMs: 5, tokensPerSecond: 2_000 });
    gateway = await startTestGateway({
      ...testConfig({ regions: [] }),
      models: [claudeModel],
      deployments: [
        claudeDeployment('eu-central-1', { provider: 'anthropic', endpoint: anthropicSim.url, upstreamModel: 'claude-sonnet-4-5-20250929', sim: undefined }),
        claudeDeployment('eu-west-1', { provider: 'openai-compatible', endpoint: `${compatibleSim.url}/v1`, upstreamModel: 'claude-compatible', sim: undefined }),
      ],
    });
    openai = new OpenAI({ apiKey: 'unused', baseURL: `${gateway.url}/v1`, maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': 'eu-central-1' } });
  });
  after(async () => {
    await gateway.close();
    await anthropicSim.close();
    await compatibleSim.close();
  });

  const messages = [{ role: 'user' as const, content: 'What is the weather in Paris?' }];

  it('goes to a deployment that can take it, as a candidate skipped and not a failed attempt', async () => {
    anthropicSim.resetStats();
    const { data, response } = await openai.chat.completions
      .create({ model: EU_CLAUDE, max_tokens: 4096, reasoning_effort: 'low', tools, tool_choice: 'required', messages })
      .withResponse();
    assert.equal(response.headers.get('x-georoute-inference-region'), 'eu-west-1');
    assert.equal(response.headers.get('x-georoute-attempts'), '1');
    assert.equal(data.choices[0]?.message.tool_calls?.[0]?.type, 'function');
    assert.equal(anthropicSim.stats().received, 0, 'nothing reached Claude');
  });

  it('with only Claude in reach, is a 400 naming the setting, for the tool choice and for the temperature', async () => {
    anthropicSim.resetStats();
    const cases = [
      [{ tool_choice: 'required' as const }, 'tool_choice'],
      [{ tool_choice: { type: 'function' as const, function: { name: 'get_weather' } } }, 'tool_choice'],
      [{ temperature: 0.2 }, 'temperature'],
    ] as const;
    for (const [extra, name] of cases) {
      await assert.rejects(openai.chat.completions.create({ model: CLAUDE, max_tokens: 4096, reasoning_effort: 'low', tools, messages, ...extra }), (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError, String(error));
        assert.match(error.message, new RegExp(`honour ${name}`));
        assert.equal((error.error as { param?: string }).param, name);
        return true;
      });
    }
    assert.equal(anthropicSim.stats().received, 0, 'nothing reached Claude');
    const served = await openai.chat.completions.create({ model: CLAUDE, max_tokens: 4096, reasoning_effort: 'low', tools, tool_choice: 'auto', temperature: 1, messages });
    assert.ok(served.choices[0]?.message !== undefined, 'auto and a temperature of 1 are served by Claude');
  });

  it('the simulator answers a relayed request as Anthropic does: a 400', async () => {
    const anthropic = new Anthropic({ apiKey: 'unused', baseURL: anthropicSim.url, maxRetries: 0 });
    const body = { model: 'claude-sonnet-4-5-20250929', max_tokens: 4096, thinking: { type: 'enabled' as const, budget_tokens: 1024 }, messages };
    const anthropicTools = [{ name: 'get_weather', input_schema: { type: 'object' as const, properties: {} } }];
    await assert.rejects(anthropic.messages.create({ ...body, tools: anthropicTools, tool_choice: { type: 'any' } }), (error: unknown) => {
      assert.ok(error instanceof Anthropic.BadRequestError, String(error));
      assert.match(error.message, /tool_choice forces tool use/);
      return true;
    });
    // The SDK's types for these models leave sampling settings out; older clients still send them.
    const sampled = (settings: Record<string, number>) => ({ ...body, ...settings }) as Anthropic.MessageCreateParamsNonStreaming;
    for (const settings of [{ temperature: 0.5 }, { top_k: 5 }, { top_p: 0.5 }] as Array<Record<string, number>>) {
      await assert.rejects(anthropic.messages.create(sampled(settings)), Anthropic.BadRequestError, JSON.stringify(settings));
    }
    const answer = await anthropic.messages.create({ ...sampled({ temperature: 1, top_p: 0.95 }), tools: anthropicTools, tool_choice: { type: 'auto' } });
    assert.equal(answer.type, 'message');
  });
});
