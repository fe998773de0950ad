/**
 * Reasoning signatures and redacted reasoning on the OpenAI chat wire (OpenRouter's `reasoning_details`): read from
 * an echoed assistant message into canonical parts, validated by the schema, written by the openai-compatible
 * provider's request converter, and read back from an upstream's answer by its readers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InferenceRequest } from '../../../src/inference/inference-request.js';
import type { InferenceStreamPart } from '../../../src/inference/inference-stream-part.js';
import { OpenAiChatChunksToInferenceStream } from '../../../src/providers/openai-compatible/convert-openai-chat-chunks-to-inference-stream.js';
import { convertOpenAiChatResponseToInference } from '../../../src/providers/openai-compatible/convert-openai-chat-response-to-inference.js';
import { convertToOpenAiChatRequest } from '../../../src/providers/openai-compatible/convert-to-openai-chat-request.js';
import { readChatCompletionChunk, readChatResponse } from '../../../src/providers/openai-compatible/read-openai-chat-response.js';
import { openAiChatSurface } from '../../../src/surfaces/openai-chat/openai-chat-surface.js';

const SIGNED = { type: 'reasoning.text', text: 'Look it up.', signature: 'c2ln', format: 'anthropic-claude-v1', index: 0 };
const ENCRYPTED = { type: 'reasoning.encrypted', data: 'ZW5j', index: 1 };
const CALL = { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } };

function parse(assistant: Record<string, unknown>): InferenceRequest {
  const body = {
    model: 'm',
    messages: [{ role: 'user', content: 'weather?' }, { role: 'assistant', content: null, tool_calls: [CALL], ...assistant }, { role: 'tool', tool_call_id: 'toolu_1', content: '21C' }],
  };
  return openAiChatSurface.parseRequest(body, { requestId: 'r' }).request;
}

function assistantContent(request: InferenceRequest): unknown {
  return request.messages.find((m) => m.role === 'assistant')?.content;
}

const toolCallPart = { type: 'tool-call', id: 'toolu_1', name: 'get_weather', input: '{"city":"Paris"}' };

describe('openai-chat surface: an echoed assistant message keeps its reasoning', () => {
  it('reasoning_details become signed reasoning and redacted reasoning, before the tool calls', () => {
    const request = parse({ reasoning_content: 'Look it up.', reasoning_details: [SIGNED, ENCRYPTED] });
    assert.deepEqual(assistantContent(request), [{ type: 'reasoning', text: 'Look it up.', signature: 'c2ln' }, { type: 'redacted-reasoning', data: 'ZW5j' }, toolCallPart]);
    assert.equal(request.providerOptions, undefined);
  });

  it('with both present the details win (they say the same thing): reasoning_content adds no second part', () => {
    const request = parse({ reasoning_content: 'something else', reasoning_details: [SIGNED] });
    assert.deepEqual(assistantContent(request), [{ type: 'reasoning', text: 'Look it up.', signature: 'c2ln' }, toolCallPart]);
  });

  it('only reasoning_content: one reasoning part without a signature; an empty one is nothing', () => {
    assert.deepEqual(assistantContent(parse({ reasoning_content: 'Look it up.' })), [{ type: 'reasoning', text: 'Look it up.' }, toolCallPart]);
    assert.deepEqual(assistantContent(parse({ reasoning_content: '' })), [toolCallPart]);
    assert.deepEqual(assistantContent(parse({ reasoning_content: null, reasoning_details: null })), [toolCallPart]);
  });

  it('a text and its signature sent as entries of their own (an accumulated stream) are one block', () => {
    const request = parse({ reasoning_details: [{ type: 'reasoning.text', text: 'Look ', index: 0 }, { type: 'reasoning.text', text: 'it up.', index: 0 }, { type: 'reasoning.text', text: '', signature: 'c2ln', index: 0 }] });
    assert.deepEqual(assistantContent(request), [{ type: 'reasoning', text: 'Look it up.', signature: 'c2ln' }, toolCallPart]);
  });

  it('a detail of another type is kept out of the canonical request and listed, never dropped silently', () => {
    const request = parse({ reasoning_details: [{ type: 'reasoning.summary', summary: 'short', index: 0 }, SIGNED] });
    assert.deepEqual(assistantContent(request), [{ type: 'reasoning', text: 'Look it up.', signature: 'c2ln' }, toolCallPart]);
    assert.deepEqual(request.providerOptions?.openaiContent, { reasoning_details: ['messages[1].reasoning_details[0]'] });
    assert.equal(openAiChatSurface.settingName('providerOptions.openaiContent.reasoning_details'), 'reasoning_details');
  });

  it('the schema checks the shapes, naming the field', () => {
    assert.throws(() => parse({ reasoning_details: [{ type: 'reasoning.encrypted' }] }), /reasoning_details/);
    assert.throws(() => parse({ reasoning_details: [{ type: 'reasoning.text', text: 5 }] }), /reasoning_details/);
    assert.throws(() => parse({ reasoning_details: [{ text: 'no type' }] }), /reasoning_details/);
    assert.throws(() => parse({ reasoning_details: 'text' }), /reasoning_details/);
    assert.throws(() => parse({ reasoning_content: 5 }), /reasoning_content/);
  });
});

describe('openai-compatible provider: reasoning_details both ways', () => {
  const history = (content: unknown[]): InferenceRequest => ({
    system: [],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }] }, { role: 'assistant', content: content as never }],
    settings: {},
  });

  it('writes signed and redacted reasoning history as reasoning_details besides reasoning_content; unsigned reasoning as reasoning_content only', () => {
    const signed = convertToOpenAiChatRequest(history([{ type: 'reasoning', text: 'Look it up.', signature: 'c2ln' }, { type: 'redacted-reasoning', data: 'ZW5j' }, toolCallPart]));
    assert.deepEqual((signed.messages as unknown[])[1], {
      role: 'assistant',
      content: null,
      reasoning_content: 'Look it up.',
      reasoning_details: [{ type: 'reasoning.text', text: 'Look it up.', signature: 'c2ln', index: 0 }, { type: 'reasoning.encrypted', data: 'ZW5j', index: 1 }],
      tool_calls: [CALL],
    });
    const unsigned = convertToOpenAiChatRequest(history([{ type: 'reasoning', text: 'hmm' }, { type: 'text', text: 'a' }]));
    assert.deepEqual((unsigned.messages as unknown[])[1], { role: 'assistant', content: 'a', reasoning_content: 'hmm' });
  });

  it('what it writes, read back by the chat surface, is the same history', () => {
    const content = [{ type: 'reasoning', text: 'Look it up.', signature: 'c2ln' }, { type: 'redacted-reasoning', data: 'ZW5j' }, toolCallPart];
    const body = convertToOpenAiChatRequest(history(content));
    const back = openAiChatSurface.parseRequest({ model: 'm', ...body }, { requestId: 'r' }).request;
    assert.deepEqual(back.messages[1]?.content, content);
  });

  it('reads a completion: reasoning_details over reasoning_content, unknown or incomplete entries left out', () => {
    const answer = (message: Record<string, unknown>) =>
      convertOpenAiChatResponseToInference(readChatResponse({ choices: [{ message: { role: 'assistant', content: 'ok', ...message }, finish_reason: 'stop' }] })).content;
    assert.deepEqual(answer({ reasoning_content: 'Look it up.', reasoning_details: [SIGNED, { type: 'reasoning.summary', summary: 's' }, { type: 'reasoning.encrypted' }, ENCRYPTED] }), [
      { type: 'reasoning', text: 'Look it up.', signature: 'c2ln' },
      { type: 'redacted-reasoning', data: 'ZW5j' },
      { type: 'text', text: 'ok' },
    ]);
    assert.deepEqual(answer({ reasoning_content: 'plain' }), [{ type: 'reasoning', text: 'plain' }, { type: 'text', text: 'ok' }]);
    assert.deepEqual(answer({ reasoning_content: 'plain', reasoning_details: [{ type: 'reasoning.summary', summary: 's' }] }), [{ type: 'reasoning', text: 'plain' }, { type: 'text', text: 'ok' }]);
  });

  it('reads a stream: a chunk with both fields is read once; signatures and encrypted reasoning keep their blocks', () => {
    const reader = new OpenAiChatChunksToInferenceStream();
    const chunk = (delta: Record<string, unknown>) => JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta, finish_reason: null }] });
    const parts: InferenceStreamPart[] = [
      chunk({ reasoning_content: 'Look', reasoning_details: [{ type: 'reasoning.text', text: 'Look', index: 0 }] }),
      chunk({ reasoning_content: ' up' }),
      chunk({ reasoning_details: [{ type: 'reasoning.text', text: '', signature: 'c2ln', index: 0 }] }),
      chunk({ reasoning_details: [{ type: 'reasoning.encrypted', data: 'ZW5j', index: 1 }] }),
      chunk({ content: 'ok' }),
    ].flatMap((data) => reader.push(readChatCompletionChunk(data)));
    parts.push(...reader.finish('stop'));
    assert.deepEqual(parts.filter((p) => p.type !== 'stream-start' && p.type !== 'finish'), [
      { type: 'reasoning-delta', index: 0, delta: 'Look' },
      { type: 'reasoning-delta', index: 0, delta: ' up' },
      { type: 'reasoning-signature', index: 0, signature: 'c2ln' },
      { type: 'block-end', index: 0 },
      { type: 'redacted-reasoning', index: 1, data: 'ZW5j' },
      { type: 'block-end', index: 1 },
      { type: 'text-delta', index: 2, delta: 'ok' },
      { type: 'block-end', index: 2 },
    ]);
  });
});
