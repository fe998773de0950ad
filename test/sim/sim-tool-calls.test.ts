/**
 * The simulator's tool calls: arguments that fill the tool's required properties from its schema, and tool choice
 * honoured by every protocol's parser (a forced tool is called even when the question is not about the weather).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completePrompt, type SimPrompt } from '../../sim/sim-completion.js';
import { parseBedrockMessagesRequest } from '../../sim/parse-bedrock-messages-request.js';
import { parseOpenAiChatRequest } from '../../sim/parse-openai-chat-request.js';
import { sampleToolArguments } from '../../sim/sim-tool-arguments.js';

const lookup = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 2 }, units: { enum: ['c', 'f'] } }, required: ['city', 'days'] };

function callOf(prompt: SimPrompt): { toolName: string; arguments: unknown } | undefined {
  const completion = completePrompt(prompt);
  return completion.kind === 'tool-call' ? { toolName: completion.toolName, arguments: JSON.parse(completion.argumentsJson) } : undefined;
}

describe('simulator tool calls', () => {
  it('fills the required properties from their schemas, and nothing else', () => {
    assert.deepEqual(sampleToolArguments(lookup), { city: 'sim', days: 2 });
    assert.deepEqual(sampleToolArguments({ type: 'object', properties: { city: { type: 'string' } } }), {});
    assert.deepEqual(sampleToolArguments(undefined), {});
  });

  it('OpenAI chat: tool_choice forces a function by name or any with required, none calls nothing', () => {
    const tools = [{ type: 'function', function: { name: 'first', parameters: {} } }, { type: 'function', function: { name: 'lookup', parameters: lookup } }];
    const request = (extra: Record<string, unknown>) => parseOpenAiChatRequest({ model: 'm', messages: [{ role: 'user', content: 'Paris, please' }], tools, ...extra }, 32).prompt;
    assert.equal(callOf(request({})), undefined, 'auto: only a weather question calls a tool');
    assert.deepEqual(callOf(request({ tool_choice: { type: 'function', function: { name: 'lookup' } } })), { toolName: 'lookup', arguments: { city: 'sim', days: 2 } });
    assert.deepEqual(callOf(request({ tool_choice: 'required' })), { toolName: 'first', arguments: {} });
    const weather = parseOpenAiChatRequest({ model: 'm', messages: [{ role: 'user', content: 'the weather?' }], tools, tool_choice: 'none' }, 32).prompt;
    assert.equal(callOf(weather), undefined);
  });

  it('Converse and Nova: toolConfig.toolChoice forces a tool by name or any', () => {
    const tools = [{ toolSpec: { name: 'first', inputSchema: { json: {} } } }, { toolSpec: { name: 'lookup', inputSchema: { json: lookup } } }];
    const request = (toolChoice?: Record<string, unknown>) => parseBedrockMessagesRequest({ messages: [{ role: 'user', content: [{ text: 'Paris, please' }] }], toolConfig: { tools, ...(toolChoice ? { toolChoice } : {}) } }, 32);
    assert.equal(callOf(request()), undefined);
    assert.equal(callOf(request({ auto: {} })), undefined);
    assert.deepEqual(callOf(request({ tool: { name: 'lookup' } })), { toolName: 'lookup', arguments: { city: 'sim', days: 2 } });
    assert.deepEqual(callOf(request({ any: {} })), { toolName: 'first', arguments: {} });
  });
});
