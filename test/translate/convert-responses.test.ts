import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GeorouteError } from '../../src/errors/error-catalog.js';
import { convertChatResponseToConverse } from '../../src/translate/convert-chat-response-to-converse.js';
import { convertConverseResponseToChat } from '../../src/translate/convert-converse-response-to-chat.js';
import { readChatResponse, readConverseResponse } from '../../src/translate/read-upstream-responses.js';
import { loadFixture } from './load-translate-fixture.js';

const ids = { id: 'chatcmpl-fixture', created: 1700000000, model: 'gpt-4o-mini' };
const cases = ['text', 'tool-use', 'tool-only', 'max-tokens', 'content-filtered', 'cached-usage'];

function chatResponse(message: Record<string, unknown>, finish: string | null, usage?: unknown) {
  return readChatResponse({ ...ids, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finish }], usage });
}

describe('convertChatResponseToConverse', () => {
  for (const name of cases) {
    it(`matches the ${name} fixture`, () => {
      const chat = readChatResponse(loadFixture(`response-${name}.chat.json`));
      assert.deepEqual(convertChatResponseToConverse(chat, { latencyMs: 812 }), loadFixture(`response-${name}.converse.json`));
    });
  }

  it('estimates usage when the upstream reports none', () => {
    const chat = chatResponse({ role: 'assistant', content: 'twelve chars' }, 'stop');
    const converse = convertChatResponseToConverse(chat, { latencyMs: 5, estimatedInputTokens: 40 });
    assert.deepEqual(converse.usage, { inputTokens: 40, outputTokens: 3, totalTokens: 43 });
  });

  it('turns unparseable tool arguments into malformed_tool_use without the call', () => {
    const chat = chatResponse(
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'a', type: 'function', function: { name: 'f', arguments: '{"ok":true}' } },
          { id: 'b', type: 'function', function: { name: 'g', arguments: '{"cut' } },
        ],
      },
      'tool_calls',
      { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    );
    const converse = convertChatResponseToConverse(chat, { latencyMs: 1 });
    assert.equal(converse.stopReason, 'malformed_tool_use');
    assert.deepEqual(converse.output.message.content, [{ toolUse: { toolUseId: 'a', name: 'f', input: { ok: true } } }]);
  });

  it('reads "stop" with tool calls as tool_use, and keeps reasoning and refusals', () => {
    const withTools = chatResponse(
      { role: 'assistant', content: '', tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '' } }] },
      'stop',
    );
    assert.equal(convertChatResponseToConverse(withTools, { latencyMs: 1 }).stopReason, 'tool_use');
    const reasoning = chatResponse({ role: 'assistant', content: 'B', reasoning_content: 'A then B' }, 'stop');
    assert.deepEqual(convertChatResponseToConverse(reasoning, { latencyMs: 1 }).output.message.content, [
      { reasoningContent: { reasoningText: { text: 'A then B' } } },
      { text: 'B' },
    ]);
    const refusal = chatResponse({ role: 'assistant', content: null, refusal: 'No.' }, 'stop');
    assert.deepEqual(convertChatResponseToConverse(refusal, { latencyMs: 1 }).output.message.content, [{ text: 'No.' }]);
  });

  it('reports a completion without choices as an upstream failure', () => {
    const empty = readChatResponse({ ...ids, object: 'chat.completion', choices: [] });
    assert.throws(
      () => convertChatResponseToConverse(empty, { latencyMs: 1 }),
      (error: unknown) => error instanceof GeorouteError && error.code === 'upstream_rejected',
    );
  });
});

describe('convertConverseResponseToChat', () => {
  for (const name of cases) {
    it(`matches the ${name} fixture`, () => {
      const converse = readConverseResponse(loadFixture(`response-${name}.converse.json`));
      assert.deepEqual(convertConverseResponseToChat(converse, ids), loadFixture(`response-${name}.chat.json`));
    });
  }

  it('joins text blocks, carries reasoning text and maps every stop reason', () => {
    const converse = readConverseResponse({
      output: {
        message: {
          role: 'assistant',
          content: [
            { reasoningContent: { reasoningText: { text: 'think', signature: 's' } } },
            { reasoningContent: { redactedContent: 'AAAA' } },
            { text: 'Hello ' },
            { text: 'world' },
          ],
        },
      },
      stopReason: 'stop_sequence',
      usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
      metrics: { latencyMs: 9 },
    });
    const chat = convertConverseResponseToChat(converse, ids);
    assert.equal(chat.choices[0]?.message.content, 'Hello world');
    assert.equal(chat.choices[0]?.message.reasoning_content, 'think');
    assert.equal(chat.choices[0]?.finish_reason, 'stop');
  });
});

describe('response round trips', () => {
  for (const name of cases) {
    it(`Converse -> chat -> Converse keeps the ${name} response`, () => {
      const original = readConverseResponse(loadFixture(`response-${name}.converse.json`));
      const back = convertChatResponseToConverse(convertConverseResponseToChat(original, ids), { latencyMs: 812 });
      assert.deepEqual(back, original);
    });
  }
});
