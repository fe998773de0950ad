import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChatChunksToConverseStream } from '../../src/translate/convert-chat-chunks-to-converse-stream.js';
import { ConverseStreamToChatChunks } from '../../src/translate/convert-converse-stream-to-chat-chunks.js';
import { ConverseStreamToNovaChunks } from '../../src/surfaces/bedrock-invoke/nova/convert-converse-stream-to-nova-chunks.js';
import { NovaChunksToConverseStream } from '../../src/surfaces/bedrock-invoke/nova/convert-nova-chunks-to-converse-stream.js';
import type { ConverseStreamEvent } from '../../src/surfaces/bedrock-converse/converse-types.js';
import type { NovaStreamChunk } from '../../src/surfaces/bedrock-invoke/nova/nova-native-types.js';
import type { ChatCompletionChunk } from '../../src/surfaces/openai-chat/openai-chat-types.js';
import {
  readChatCompletionChunk,
  readConverseStreamEvent,
  readNovaStreamChunk,
} from '../../src/translate/read-upstream-stream-events.js';
import { loadFixtureArray } from './load-translate-fixture.js';

const chunkIds = { id: 'chatcmpl-stream', created: 1700000001, model: 'gpt-4o-mini' };

function chatChunks(name: string): ChatCompletionChunk[] {
  return loadFixtureArray(name).map((chunk) => readChatCompletionChunk(JSON.stringify(chunk)));
}

function converseEvents(name: string): ConverseStreamEvent[] {
  return loadFixtureArray(name).map((raw) => {
    assert.ok(typeof raw === 'object' && raw !== null && 'eventType' in raw && 'body' in raw);
    const event = readConverseStreamEvent(String(raw.eventType), raw.body);
    assert.ok(event !== undefined);
    return event;
  });
}

function novaChunks(name: string): NovaStreamChunk[] {
  return loadFixtureArray(name).map((chunk) => readNovaStreamChunk(JSON.stringify(chunk)));
}

function chatToConverse(chunks: ChatCompletionChunk[], latencyMs = 812, estimatedInputTokens?: number) {
  const converter = new ChatChunksToConverseStream({ estimatedInputTokens });
  return [...chunks.flatMap((chunk) => converter.push(chunk)), ...converter.finish({ latencyMs })];
}

function converseToChat(events: ConverseStreamEvent[], includeUsage = true, estimatedInputTokens?: number) {
  const converter = new ConverseStreamToChatChunks({ ...chunkIds, includeUsage, estimatedInputTokens });
  return [...events.flatMap((event) => converter.push(event)), ...converter.finish()];
}

describe('OpenAI chunks -> ConverseStream events', () => {
  for (const name of ['text', 'tool-calls']) {
    it(`matches the ${name} fixture`, () => {
      assert.deepEqual(
        chatToConverse(chatChunks(`stream-${name}.chat.chunks.json`)),
        loadFixtureArray(`stream-${name}.converse.events.json`),
      );
    });
  }

  it('reads a recorded OpenAI stream with its extra members and reports usage', () => {
    const converter = new ChatChunksToConverseStream();
    const events = [
      ...chatChunks('stream-recorded-openai.chunks.json').flatMap((chunk) => converter.push(chunk)),
      ...converter.finish({ latencyMs: 300 }),
    ];
    assert.deepEqual(
      events.map((e) => e.eventType),
      ['messageStart', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata'],
    );
    assert.deepEqual(converter.reportedUsage(), { inputTokens: 14, outputTokens: 6, totalTokens: 20 });
    assert.deepEqual(events.at(-1), {
      eventType: 'metadata',
      body: { usage: { inputTokens: 14, outputTokens: 6, totalTokens: 20 }, metrics: { latencyMs: 300 } },
    });
  });

  it('closes a stream that ended without finish_reason or usage, estimating usage', () => {
    const chunks = chatChunks('stream-text.chat.chunks.json').slice(0, 4);
    const events = chatToConverse(chunks, 50, 10);
    assert.deepEqual(events.slice(-3), [
      { eventType: 'contentBlockStop', body: { contentBlockIndex: 0 } },
      { eventType: 'messageStop', body: { stopReason: 'end_turn' } },
      // "Hello there!" is 12 characters: 3 tokens.
      { eventType: 'metadata', body: { usage: { inputTokens: 10, outputTokens: 3, totalTokens: 13 }, metrics: { latencyMs: 50 } } },
    ]);
  });

  it('gives reasoning its own block before the text', () => {
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      readChatCompletionChunk(JSON.stringify({ ...chunkIds, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] }));
    const events = chatToConverse([
      chunk({ role: 'assistant', reasoning_content: 'Think' }),
      chunk({ reasoning_content: 'ing' }),
      chunk({ content: 'Answer' }),
      chunk({}, 'length'),
    ]);
    assert.deepEqual(events.slice(1, 7), [
      { eventType: 'contentBlockDelta', body: { contentBlockIndex: 0, delta: { reasoningContent: { text: 'Think' } } } },
      { eventType: 'contentBlockDelta', body: { contentBlockIndex: 0, delta: { reasoningContent: { text: 'ing' } } } },
      { eventType: 'contentBlockStop', body: { contentBlockIndex: 0 } },
      { eventType: 'contentBlockDelta', body: { contentBlockIndex: 1, delta: { text: 'Answer' } } },
      { eventType: 'contentBlockStop', body: { contentBlockIndex: 1 } },
      { eventType: 'messageStop', body: { stopReason: 'max_tokens' } },
    ]);
  });

  it('ignores anything after the finish reason except usage', () => {
    const [role, text, , , finish, usage] = chatChunks('stream-text.chat.chunks.json');
    assert.ok(role && text && finish && usage);
    const events = chatToConverse([role, text, finish, text, usage]);
    assert.equal(events.filter((e) => e.eventType === 'contentBlockDelta').length, 1);
    assert.equal(events.filter((e) => e.eventType === 'messageStop').length, 1);
  });
});

describe('ConverseStream events -> OpenAI chunks', () => {
  for (const name of ['text', 'tool-calls']) {
    it(`matches the ${name} fixture`, () => {
      assert.deepEqual(
        converseToChat(converseEvents(`stream-${name}.converse.events.json`)),
        loadFixtureArray(`stream-${name}.chat.chunks.json`),
      );
    });
  }

  it('leaves the usage chunk out unless asked for', () => {
    const chunks = converseToChat(converseEvents('stream-text.converse.events.json'), false);
    assert.equal(chunks.length, 5);
    assert.ok(chunks.every((chunk) => chunk.choices.length === 1 && chunk.usage === undefined));
  });

  it('closes a stream Bedrock ended early: finish chunk and an estimated usage chunk', () => {
    const events = converseEvents('stream-tool-calls.converse.events.json').slice(0, 6);
    const chunks = converseToChat(events, true, 100);
    assert.equal(chunks.at(-2)?.choices[0]?.finish_reason, 'tool_calls');
    const usage = chunks.at(-1)?.usage;
    assert.equal(usage?.prompt_tokens, 100);
    assert.ok((usage?.completion_tokens ?? 0) > 0);
  });

  it('sends reasoning text as reasoning_content', () => {
    const chunks = converseToChat(
      [
        { eventType: 'messageStart', body: { role: 'assistant' } },
        { eventType: 'contentBlockDelta', body: { contentBlockIndex: 0, delta: { reasoningContent: { text: 'hmm' } } } },
        { eventType: 'contentBlockDelta', body: { contentBlockIndex: 0, delta: { reasoningContent: { signature: 'sig' } } } },
        { eventType: 'messageStop', body: { stopReason: 'end_turn' } },
      ],
      false,
    );
    assert.deepEqual(
      chunks.map((chunk) => chunk.choices[0]?.delta),
      [{ role: 'assistant', content: '' }, { reasoning_content: 'hmm' }, {}],
    );
  });
});

describe('ConverseStream events <-> Nova native chunks', () => {
  it('matches the fixture both ways', () => {
    const events = converseEvents('stream-tool-calls.converse.events.json');
    const toNova = new ConverseStreamToNovaChunks();
    const chunks = [...events.flatMap((event) => toNova.push(event)), ...toNova.finish()];
    assert.deepEqual(chunks, loadFixtureArray('stream-tool-calls.nova.chunks.json'));

    const toConverse = new NovaChunksToConverseStream();
    const back = [
      ...novaChunks('stream-tool-calls.nova.chunks.json').flatMap((chunk) => toConverse.push(chunk)),
      ...toConverse.finish({ latencyMs: 1 }),
    ];
    assert.deepEqual(back, events);
  });

  it('holds Nova metadata without latency until finish, and closes an unfinished stream', () => {
    const converter = new NovaChunksToConverseStream({ estimatedInputTokens: 7 });
    const pushed = [
      { messageStart: { role: 'assistant' as const } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Hi' } } },
    ].flatMap((chunk) => converter.push(chunk));
    assert.equal(pushed.length, 2);
    const finished = converter.finish({ latencyMs: 40 });
    assert.deepEqual(finished, [
      { eventType: 'contentBlockStop', body: { contentBlockIndex: 0 } },
      { eventType: 'messageStop', body: { stopReason: 'end_turn' } },
      { eventType: 'metadata', body: { usage: { inputTokens: 7, outputTokens: 1, totalTokens: 8 }, metrics: { latencyMs: 40 } } },
    ]);

    const held = new NovaChunksToConverseStream();
    assert.deepEqual(held.push({ metadata: { usage: { inputTokens: 2, outputTokens: 3 }, metrics: {} } }), []);
    const last = held.finish({ latencyMs: 9 }).at(-1);
    assert.deepEqual(last, {
      eventType: 'metadata',
      body: { usage: { inputTokens: 2, outputTokens: 3, totalTokens: 5 }, metrics: { latencyMs: 9 } },
    });
  });

  it('serves an OpenAI stream as Nova chunks and back to the same OpenAI chunks', () => {
    const chat = chatChunks('stream-tool-calls.chat.chunks.json');
    const events = chatToConverse(chat);
    const toNova = new ConverseStreamToNovaChunks();
    const nova = events.flatMap((event) => toNova.push(event));
    const toConverse = new NovaChunksToConverseStream();
    const again = [...nova.flatMap((chunk) => toConverse.push(chunk)), ...toConverse.finish({ latencyMs: 812 })];
    assert.deepEqual(converseToChat(again), loadFixtureArray('stream-tool-calls.chat.chunks.json'));
  });
});
