import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ChatChunksToConverseStream } from '../../src/translate/convert-chat-chunks-to-converse-stream.js';
import { convertChatRequestToConverse } from '../../src/translate/convert-chat-request-to-converse.js';
import { convertChatResponseToConverse } from '../../src/translate/convert-chat-response-to-converse.js';
import { ConverseStreamToChatChunks } from '../../src/translate/convert-converse-stream-to-chat-chunks.js';
import { convertConverseRequestToChat } from '../../src/translate/convert-converse-request-to-chat.js';
import { convertConverseRequestToNova } from '../../src/surfaces/bedrock-invoke/nova/convert-converse-request-to-nova.js';
import { convertConverseResponseToChat } from '../../src/translate/convert-converse-response-to-chat.js';
import { convertNovaRequestToConverse } from '../../src/surfaces/bedrock-invoke/nova/convert-nova-request-to-converse.js';
import type { ConverseMessage, ConverseRequest, ConverseResponse, ConverseStreamEvent } from '../../src/surfaces/bedrock-converse/converse-types.js';
import { parseConverseRequest } from '../../src/surfaces/bedrock-converse/converse-request-schema.js';

const text = fc.string({ minLength: 1, maxLength: 40 });
const textBlocks = fc.array(text.map((t) => ({ text: t })), { minLength: 1, maxLength: 3 });

/** Alternating user/assistant text turns, starting and ending with the user. */
const conversation: fc.Arbitrary<ConverseMessage[]> = fc
  .array(fc.tuple(textBlocks, textBlocks), { minLength: 0, maxLength: 4 })
  .chain((pairs) =>
    textBlocks.map((last) => [
      ...pairs.flatMap(([user, assistant]): ConverseMessage[] => [
        { role: 'user', content: user },
        { role: 'assistant', content: assistant },
      ]),
      { role: 'user', content: last },
    ]),
  );

const textRequest: fc.Arbitrary<ConverseRequest> = fc
  .record(
    {
      messages: conversation,
      system: fc.array(text.map((t) => ({ text: t })), { minLength: 1, maxLength: 3 }),
      inferenceConfig: fc.record(
        {
          maxTokens: fc.integer({ min: 1, max: 8192 }),
          temperature: fc.double({ min: 0, max: 1, noNaN: true }),
          topP: fc.double({ min: 0, max: 1, noNaN: true }),
          stopSequences: fc.array(text, { minLength: 1, maxLength: 4 }),
        },
        { requiredKeys: [], noNullPrototype: true },
      ),
    },
    { requiredKeys: ['messages'], noNullPrototype: true },
  )
  .map((request) =>
    request.inferenceConfig !== undefined && Object.keys(request.inferenceConfig).length === 0
      ? { messages: request.messages, ...(request.system ? { system: request.system } : {}) }
      : request,
  );

describe('round-trip properties', () => {
  it('text-only Converse conversations survive Converse -> OpenAI chat -> Converse exactly', () => {
    fc.assert(
      fc.property(textRequest, (request) => {
        assert.doesNotThrow(() => parseConverseRequest(request));
        const back = convertChatRequestToConverse(convertConverseRequestToChat(request, { model: 'm', stream: false }));
        assert.deepEqual(back, request);
      }),
      { numRuns: 300 },
    );
  });

  it('Converse requests survive Converse -> Nova native -> Converse exactly', () => {
    fc.assert(
      fc.property(textRequest, (request) => {
        assert.deepEqual(convertNovaRequestToConverse(convertConverseRequestToNova(request)), request);
      }),
      { numRuns: 300 },
    );
  });

  const toolInput = fc.dictionary(
    fc.string({ minLength: 1, maxLength: 8 }),
    fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean()),
    { maxKeys: 4, noNullPrototype: true },
  );
  const converseResponse: fc.Arbitrary<ConverseResponse> = fc
    .record({
      text: fc.option(text, { nil: undefined }),
      tools: fc.array(
        fc.record(
          { toolUseId: fc.stringMatching(/^call_[a-z0-9]{4,10}$/), name: fc.stringMatching(/^[a-z_]{1,12}$/), input: toolInput },
          { noNullPrototype: true },
        ),
        { maxLength: 3 },
      ),
      stopReason: fc.constantFrom('end_turn', 'max_tokens', 'content_filtered'),
      inputTokens: fc.nat(100_000),
      outputTokens: fc.nat(10_000),
    }, { noNullPrototype: true })
    .map(({ text: t, tools, stopReason, inputTokens, outputTokens }) => ({
      output: {
        message: {
          role: 'assistant' as const,
          content: [...(t === undefined ? [] : [{ text: t }]), ...tools.map((toolUse) => ({ toolUse }))],
        },
      },
      stopReason: tools.length > 0 ? 'tool_use' : stopReason,
      usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
      metrics: { latencyMs: 812 },
    }));

  it('responses survive Converse -> OpenAI chat -> Converse exactly', () => {
    fc.assert(
      fc.property(converseResponse, (response) => {
        const chat = convertConverseResponseToChat(response, { id: 'x', created: 1, model: 'm' });
        assert.deepEqual(convertChatResponseToConverse(chat, { latencyMs: 812 }), response);
      }),
      { numRuns: 300 },
    );
  });

  it('however a response is split into stream events, Converse -> OpenAI chunks -> Converse keeps the content', () => {
    const split = (s: string, cuts: number[]) => {
      const points = [...new Set(cuts.map((c) => c % (s.length + 1)))].sort((a, b) => a - b);
      const parts: string[] = [];
      let from = 0;
      for (const p of [...points, s.length]) {
        if (p > from) parts.push(s.slice(from, p));
        from = Math.max(from, p);
      }
      return parts;
    };
    fc.assert(
      fc.property(converseResponse, fc.array(fc.nat(200), { maxLength: 6 }), (response, cuts) => {
        const events: ConverseStreamEvent[] = [{ eventType: 'messageStart', body: { role: 'assistant' } }];
        response.output.message.content.forEach((block, index) => {
          if (block.text !== undefined) {
            for (const piece of split(block.text, cuts)) {
              events.push({ eventType: 'contentBlockDelta', body: { contentBlockIndex: index, delta: { text: piece } } });
            }
          } else if (block.toolUse !== undefined) {
            const { toolUseId, name, input } = block.toolUse;
            events.push({ eventType: 'contentBlockStart', body: { contentBlockIndex: index, start: { toolUse: { toolUseId, name } } } });
            for (const piece of split(JSON.stringify(input), cuts)) {
              events.push({ eventType: 'contentBlockDelta', body: { contentBlockIndex: index, delta: { toolUse: { input: piece } } } });
            }
          }
          events.push({ eventType: 'contentBlockStop', body: { contentBlockIndex: index } });
        });
        events.push({ eventType: 'messageStop', body: { stopReason: response.stopReason } });
        events.push({ eventType: 'metadata', body: { usage: response.usage, metrics: response.metrics } });

        const toChat = new ConverseStreamToChatChunks({ id: 'x', created: 1, model: 'm', includeUsage: true });
        const chunks = [...events.flatMap((e) => toChat.push(e)), ...toChat.finish()];
        const toConverse = new ChatChunksToConverseStream();
        const back = [...chunks.flatMap((c) => toConverse.push(c)), ...toConverse.finish({ latencyMs: 812 })];

        const joined = { text: '', inputs: new Map<number, string>(), names: [] as string[] };
        for (const e of back) {
          if (e.eventType === 'contentBlockDelta') {
            joined.text += e.body.delta.text ?? '';
            if (e.body.delta.toolUse) {
              const i = e.body.contentBlockIndex;
              joined.inputs.set(i, (joined.inputs.get(i) ?? '') + e.body.delta.toolUse.input);
            }
          } else if (e.eventType === 'contentBlockStart' && e.body.start.toolUse) {
            joined.names.push(e.body.start.toolUse.name);
          }
        }
        const blocks = response.output.message.content;
        assert.equal(joined.text, blocks.map((b) => b.text ?? '').join(''));
        assert.deepEqual(joined.names, blocks.flatMap((b) => (b.toolUse ? [b.toolUse.name] : [])));
        assert.deepEqual(
          [...joined.inputs.values()].map((s) => JSON.parse(s)),
          blocks.flatMap((b) => (b.toolUse ? [b.toolUse.input] : [])),
        );
        assert.deepEqual(back.at(-2), { eventType: 'messageStop', body: { stopReason: response.stopReason } });
        assert.deepEqual(back.at(-1), { eventType: 'metadata', body: { usage: response.usage, metrics: response.metrics } });
      }),
      { numRuns: 200 },
    );
  });
});
