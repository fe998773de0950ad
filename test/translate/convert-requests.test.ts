import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GeorouteError } from '../../src/errors/error-catalog.js';
import { convertChatRequestToConverse } from '../../src/translate/convert-chat-request-to-converse.js';
import { convertConverseRequestToChat } from '../../src/translate/convert-converse-request-to-chat.js';
import { parseConverseRequest } from '../../src/surfaces/bedrock-converse/converse-request-schema.js';
import { parseChatRequest } from '../../src/surfaces/openai-chat/openai-chat-request-schema.js';
import { loadFixture } from './load-translate-fixture.js';

const model = 'gpt-4o-mini';
const pairs = [
  'plain-text',
  'system-prompt',
  'multi-turn',
  'tool-round-trip',
  'image',
  'tool-choice-any',
  'tool-choice-named',
];

function converseFixture(name: string) {
  return parseConverseRequest(loadFixture(`request-${name}.converse.json`));
}
function chatFixture(name: string) {
  return parseChatRequest(loadFixture(`request-${name}.chat.json`));
}

function paramOfFailure(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof GeorouteError);
    assert.equal(error.code, 'invalid_request');
    return error.param;
  }
  assert.fail('expected a GeorouteError');
}

describe('convertConverseRequestToChat', () => {
  for (const name of pairs) {
    it(`matches the ${name} fixture`, () => {
      const chat = convertConverseRequestToChat(converseFixture(name), { model, stream: false });
      assert.deepEqual(chat, loadFixture(`request-${name}.chat.json`));
      assert.doesNotThrow(() => parseChatRequest(chat), 'the output passes our own OpenAI validation');
    });
  }

  it('asks for usage in the stream, and can send max_completion_tokens', () => {
    const chat = convertConverseRequestToChat(converseFixture('plain-text'), {
      model,
      stream: true,
      maxTokensField: 'max_completion_tokens',
    });
    assert.equal(chat.stream, true);
    assert.deepEqual(chat.stream_options, { include_usage: true });
    assert.equal(chat.max_completion_tokens, 256);
    assert.equal(chat.max_tokens, undefined);
  });

  it('sends JSON tool results as JSON text and several items as text parts', () => {
    const chat = convertConverseRequestToChat(
      parseConverseRequest({
        messages: [
          { role: 'user', content: [{ text: 'go' }] },
          { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'f', input: {} } }] },
          {
            role: 'user',
            content: [{ toolResult: { toolUseId: 't1', content: [{ json: { a: 1 } }, { text: 'and more' }], status: 'error' } }],
          },
        ],
        toolConfig: { tools: [{ toolSpec: { name: 'f', inputSchema: { json: { type: 'object' } } } }] },
      }),
      { model, stream: false },
    );
    assert.deepEqual(chat.messages[2], {
      role: 'tool',
      tool_call_id: 't1',
      content: [
        { type: 'text', text: '{"a":1}' },
        { type: 'text', text: 'and more' },
      ],
    });
  });

  it('leaves out cache points, reasoning history and unknown members; guard content is text', () => {
    const chat = convertConverseRequestToChat(
      parseConverseRequest({
        system: [{ text: 'sys' }, { cachePoint: { type: 'default' } }],
        messages: [
          { role: 'user', content: [{ guardContent: { text: { text: 'guarded' } } }, { cachePoint: { type: 'default' } }, { newThing: {} }] },
          { role: 'assistant', content: [{ reasoningContent: { reasoningText: { text: 'thinking' } } }, { text: 'done' }] },
        ],
      }),
      { model, stream: false },
    );
    assert.deepEqual(chat.messages, [
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'guarded' },
      { role: 'assistant', content: 'done' },
    ]);
  });

  it('refuses content the chat format cannot carry, naming the block', () => {
    const convert = (messages: unknown[]) => () =>
      convertConverseRequestToChat(parseConverseRequest({ messages }), { model, stream: false });
    assert.equal(
      paramOfFailure(convert([{ role: 'user', content: [{ text: 'a' }, { document: { name: 'd', format: 'pdf', source: { bytes: 'AA' } } }] }])),
      'messages[0].content[1].document',
    );
    assert.equal(
      paramOfFailure(
        convert([{ role: 'user', content: [{ image: { format: 'png', source: { s3Location: { uri: 's3://b/k.png' } } } }] }]),
      ),
      'messages[0].content[0].image.source',
    );
    assert.equal(
      paramOfFailure(convert([{ role: 'user', content: [{ video: { format: 'mp4', source: { bytes: 'AA' } } }] }])),
      'messages[0].content[0].video',
    );
    assert.equal(
      paramOfFailure(
        convert([
          { role: 'user', content: [{ toolResult: { toolUseId: 't', content: [{ image: { format: 'png', source: { bytes: 'AA' } } }] } }] },
        ]),
      ),
      'messages[0].content[0].toolResult.content[0].image',
    );
  });
});

describe('convertChatRequestToConverse', () => {
  for (const name of pairs) {
    it(`matches the ${name} fixture`, () => {
      const converse = convertChatRequestToConverse(chatFixture(name));
      assert.deepEqual(converse, loadFixture(`request-${name}.converse.json`));
      assert.doesNotThrow(() => parseConverseRequest(converse), 'the output passes our own Converse validation');
    });
  }

  it('gathers system and developer messages from anywhere into system blocks', () => {
    const converse = convertChatRequestToConverse(
      parseChatRequest({
        model,
        messages: [
          { role: 'system', content: 'one' },
          { role: 'user', content: 'hi' },
          { role: 'developer', content: [{ type: 'text', text: 'two' }] },
        ],
      }),
    );
    assert.deepEqual(converse.system, [{ text: 'one' }, { text: 'two' }]);
    assert.deepEqual(converse.messages, [{ role: 'user', content: [{ text: 'hi' }] }]);
  });

  it('merges consecutive turns of a role, tool results first', () => {
    const converse = convertChatRequestToConverse(
      parseChatRequest({
        model,
        messages: [
          { role: 'user', content: 'a' },
          { role: 'user', content: 'b' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '' } }] },
          { role: 'user', content: 'interjection' },
          { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: 'r1' }, { type: 'text', text: 'r2' }] },
        ],
        tools: [{ type: 'function', function: { name: 'f' } }],
      }),
    );
    assert.deepEqual(converse.messages, [
      { role: 'user', content: [{ text: 'a' }, { text: 'b' }] },
      { role: 'assistant', content: [{ toolUse: { toolUseId: 'c1', name: 'f', input: {} } }] },
      {
        role: 'user',
        content: [{ toolResult: { toolUseId: 'c1', content: [{ text: 'r1' }, { text: 'r2' }] } }, { text: 'interjection' }],
      },
    ]);
    assert.deepEqual(converse.toolConfig, {
      tools: [{ toolSpec: { name: 'f', inputSchema: { json: { type: 'object', properties: {} } } } }],
    });
  });

  it('maps max_completion_tokens, a single stop string and clamps temperature to Converse range', () => {
    const converse = convertChatRequestToConverse(
      parseChatRequest({
        model,
        messages: [{ role: 'user', content: 'hi' }],
        max_tokens: 10,
        max_completion_tokens: 20,
        stop: 'END',
        temperature: 1.7,
        n: 1,
        user: 'u-1',
        seed: 3,
      }),
    );
    assert.deepEqual(converse.inferenceConfig, { maxTokens: 20, stopSequences: ['END'], temperature: 1 });
  });

  it('drops tools for tool_choice none unless the history uses tools', () => {
    const tools = [{ type: 'function', function: { name: 'f' } }];
    const plain = convertChatRequestToConverse(
      parseChatRequest({ model, messages: [{ role: 'user', content: 'hi' }], tools, tool_choice: 'none' }),
    );
    assert.equal(plain.toolConfig, undefined);
    const withHistory = convertChatRequestToConverse(
      parseChatRequest({
        model,
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'c', content: 'ok' },
        ],
        tools,
        tool_choice: 'none',
      }),
    );
    assert.deepEqual(withHistory.toolConfig?.toolChoice, undefined);
    assert.equal(withHistory.toolConfig?.tools.length, 1);
  });

  it('keeps a refusal as text', () => {
    const converse = convertChatRequestToConverse(
      parseChatRequest({
        model,
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: null, refusal: 'I cannot help with that.', tool_calls: [] },
          { role: 'user', content: 'ok' },
        ],
      }),
    );
    assert.deepEqual(converse.messages[1], { role: 'assistant', content: [{ text: 'I cannot help with that.' }] });
  });

  it('refuses remote image URLs, unknown image types and bad tool arguments, naming the field', () => {
    const withImage = (url: string) => () =>
      convertChatRequestToConverse(
        parseChatRequest({
          model,
          messages: [{ role: 'user', content: [{ type: 'text', text: 'see' }, { type: 'image_url', image_url: { url } }] }],
        }),
      );
    assert.equal(paramOfFailure(withImage('https://example.com/cat.png')), 'messages[0].content[1].image_url.url');
    assert.equal(paramOfFailure(withImage('data:image/bmp;base64,AAAA')), 'messages[0].content[1].image_url.url');
    assert.equal(paramOfFailure(withImage('data:image/png,rawbytes')), 'messages[0].content[1].image_url.url');
    assert.equal(
      paramOfFailure(() =>
        convertChatRequestToConverse(
          parseChatRequest({
            model,
            messages: [
              { role: 'user', content: 'hi' },
              { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{nope' } }] },
            ],
          }),
        ),
      ),
      'messages[1].tool_calls[0].function.arguments',
    );
  });

  it('reads image/jpg data URLs as jpeg', () => {
    const converse = convertChatRequestToConverse(
      parseChatRequest({
        model,
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/jpg;base64,/9j/AA==', detail: 'low' } }] }],
      }),
    );
    assert.deepEqual(converse.messages[0]?.content, [{ image: { format: 'jpeg', source: { bytes: '/9j/AA==' } } }]);
  });
});

describe('request round trips', () => {
  for (const name of pairs) {
    it(`Converse -> chat -> Converse keeps the ${name} request`, () => {
      const original = converseFixture(name);
      const back = convertChatRequestToConverse(convertConverseRequestToChat(original, { model, stream: false }));
      assert.deepEqual(back, original);
    });
    it(`chat -> Converse -> chat keeps the ${name} request`, () => {
      const original = chatFixture(name);
      const back = convertConverseRequestToChat(convertChatRequestToConverse(original), { model, stream: false });
      assert.deepEqual(back, original);
    });
  }

  it('Converse JSON tool results come back as their JSON text (what both can express)', () => {
    const original = parseConverseRequest({
      messages: [
        { role: 'user', content: [{ text: 'go' }] },
        { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'f', input: { q: 1 } } }] },
        { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ json: { answer: 42 } }] } }] },
      ],
      toolConfig: { tools: [{ toolSpec: { name: 'f', inputSchema: { json: { type: 'object' } } } }] },
    });
    const back = convertChatRequestToConverse(convertConverseRequestToChat(original, { model, stream: false }));
    assert.deepEqual(back.messages[2], {
      role: 'user',
      content: [{ toolResult: { toolUseId: 't1', content: [{ text: '{"answer":42}' }] } }],
    });
  });
});
