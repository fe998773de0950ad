import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GeorouteError } from '../../../src/errors/error-catalog.js';
import { parseChatRequest } from '../../../src/surfaces/openai-chat/openai-chat-request-schema.js';
import { loadFixture } from '../load-wire-body-fixture.js';

const user = { role: 'user', content: 'hi' };

function rejection(body: unknown): GeorouteError {
  try {
    parseChatRequest(body);
  } catch (error) {
    assert.ok(error instanceof GeorouteError, 'throws a GeorouteError');
    return error;
  }
  assert.fail('expected the request to be rejected');
}

describe('parseChatRequest', () => {
  it('accepts every chat request fixture', () => {
    for (const name of ['plain-text', 'system-prompt', 'multi-turn', 'tool-round-trip', 'image', 'tool-choice-named']) {
      assert.doesNotThrow(() => parseChatRequest(loadFixture(`request-${name}.chat.json`)), name);
    }
  });

  it('keeps unknown members (passthrough)', () => {
    const parsed = parseChatRequest({ model: 'm', messages: [{ ...user, custom: 1 }], seed: 7, response_format: {} });
    assert.deepEqual(parsed, { model: 'm', messages: [{ ...user, custom: 1 }], seed: 7, response_format: {} });
  });

  it('accepts nulls where OpenAI clients send them', () => {
    assert.doesNotThrow(() =>
      parseChatRequest({ model: 'm', messages: [user], stop: null, temperature: null, n: null, stream_options: null }),
    );
    assert.doesNotThrow(() => parseChatRequest({ model: 'm', messages: [user], n: 1, stream: true }));
  });

  const cases: Array<{ name: string; body: unknown; param: string | undefined }> = [
    { name: 'a body that is not an object', body: 'hello', param: undefined },
    { name: 'a missing model', body: { messages: [user] }, param: 'model' },
    { name: 'no messages', body: { model: 'm', messages: [] }, param: 'messages' },
    { name: 'content of the wrong type', body: { model: 'm', messages: [{ role: 'user', content: 5 }] }, param: 'messages[0].content' },
    {
      name: 'an unknown content part type',
      body: { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'video_url' }] }] },
      param: 'messages[0].content[1].type',
    },
    {
      name: 'an audio part without its data',
      body: { model: 'm', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { format: 'wav' } }] }] },
      param: 'messages[0].content[0].input_audio.data',
    },
    {
      name: 'a file part with neither its bytes nor its id',
      body: { model: 'm', messages: [{ role: 'user', content: [{ type: 'file', file: { filename: 'a.pdf' } }] }] },
      param: 'messages[0].content[0].file',
    },
    {
      name: 'an image part without url',
      body: { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] },
      param: 'messages[0].content[0].image_url.url',
    },
    { name: 'an unknown role', body: { model: 'm', messages: [user, { role: 'narrator', content: 'x' }] }, param: 'messages[1].role' },
    { name: 'a function message without its name', body: { model: 'm', messages: [user, { role: 'function', content: 'x' }] }, param: 'messages[1].name' },
    { name: 'a tool message without tool_call_id', body: { model: 'm', messages: [{ role: 'tool', content: 'x' }] }, param: 'messages[0].tool_call_id' },
    { name: 'an empty assistant message', body: { model: 'm', messages: [user, { role: 'assistant' }] }, param: 'messages[1].content' },
    {
      name: 'a tool call without a function name',
      body: {
        model: 'm',
        messages: [user, { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { arguments: '{}' } }] }],
      },
      param: 'messages[1].tool_calls[0].function.name',
    },
    { name: 'n below 1 (n > 1 is served where an upstream takes it)', body: { model: 'm', messages: [user], n: 0 }, param: 'n' },
    { name: 'a temperature above 2', body: { model: 'm', messages: [user], temperature: 2.5 }, param: 'temperature' },
    { name: 'a bad stop element', body: { model: 'm', messages: [user], stop: ['a', 3] }, param: 'stop[1]' },
    { name: 'more than 4 stop sequences', body: { model: 'm', messages: [user], stop: ['a', 'b', 'c', 'd', 'e'] }, param: 'stop' },
    { name: 'a bad max_tokens', body: { model: 'm', messages: [user], max_tokens: 0 }, param: 'max_tokens' },
    { name: 'an unknown tool_choice', body: { model: 'm', messages: [user], tool_choice: 'always' }, param: 'tool_choice' },
    {
      name: 'a tool_choice naming a function not in tools',
      body: { model: 'm', messages: [user], tool_choice: { type: 'function', function: { name: 'nope' } } },
      param: 'tool_choice.function.name',
    },
    {
      name: 'a tool with an invalid name',
      body: { model: 'm', messages: [user], tools: [{ type: 'function', function: { name: 'has space' } }] },
      param: 'tools[0].function.name',
    },
    { name: 'a non-boolean stream', body: { model: 'm', messages: [user], stream: 'yes' }, param: 'stream' },
    {
      name: 'a non-boolean include_usage',
      body: { model: 'm', messages: [user], stream_options: { include_usage: 1 } },
      param: 'stream_options.include_usage',
    },
  ];

  for (const { name, body, param } of cases) {
    it(`rejects ${name} as invalid_request naming ${param ?? 'no field'}`, () => {
      const error = rejection(body);
      assert.equal(error.code, 'invalid_request');
      assert.equal(error.status, 400);
      assert.equal(error.param, param);
      if (param !== undefined) assert.match(error.message, new RegExp(`'${param.replace(/[[\].]/g, '\\$&')}'`));
    });
  }
});
