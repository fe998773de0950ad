/**
 * The openai-compatible provider's converters against recorded fixtures (simulator answers recorded with
 * `POST /v1/chat/completions`), both directions: canonical request -> chat body; chat answer, JSON or SSE chunks
 * -> canonical result or stream parts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { InferenceUserPart } from '../../../src/inference/inference-content-parts.js';
import type { InferenceRequest } from '../../../src/inference/inference-request.js';
import { openAiCompatibleCapabilities } from '../../../src/providers/openai-compatible/openai-compatible-capabilities.js';
import type { InferenceStreamPart } from '../../../src/inference/inference-stream-part.js';
import { OpenAiChatChunksToInferenceStream } from '../../../src/providers/openai-compatible/convert-openai-chat-chunks-to-inference-stream.js';
import { convertOpenAiChatResponseToInference } from '../../../src/providers/openai-compatible/convert-openai-chat-response-to-inference.js';
import { convertToOpenAiChatRequest } from '../../../src/providers/openai-compatible/convert-to-openai-chat-request.js';
import { mapOpenAiChatFinishReason } from '../../../src/providers/openai-compatible/map-openai-chat-finish-reason.js';
import { SseDataParser } from '../../../src/providers/sse-data-parser.js';
import { parseChatRequest } from '../../../src/surfaces/openai-chat/openai-chat-request-schema.js';
import { readChatCompletionChunk, readChatResponse } from '../../../src/providers/openai-compatible/read-openai-chat-response.js';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'));
}

function chunkParts(name: string): InferenceStreamPart[] {
  const parser = new SseDataParser();
  const converter = new OpenAiChatChunksToInferenceStream();
  const data = [...parser.push(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url))), ...parser.end()];
  assert.equal(parser.sawDone, true, 'the recorded stream ends with [DONE]');
  return [...data.flatMap((d) => converter.push(readChatCompletionChunk(d))), ...converter.finish()];
}

describe('canonical request -> OpenAI chat body', () => {
  it('converts every member (system joined, tool results as tool messages before the rest of the turn, provider options passed)', () => {
    const body = convertToOpenAiChatRequest(fixture('request-tools.inference.json') as InferenceRequest);
    assert.deepEqual(body, fixture('request-tools.chat.json'));
  });

  it('is a body the chat wire accepts', () => {
    const body = convertToOpenAiChatRequest(fixture('request-tools.inference.json') as InferenceRequest);
    assert.doesNotThrow(() => parseChatRequest({ ...body, model: 'm' }));
  });

  it('sends a tool call with no text as content null, and reasoning disabled as reasoning_effort none', () => {
    const body = convertToOpenAiChatRequest({
      system: [],
      messages: [{ role: 'assistant', content: [{ type: 'tool-call', id: 'c', name: 'f', input: '{}' }] }],
      settings: { reasoning: { type: 'disabled' } },
    });
    assert.deepEqual(body.messages, [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] }]);
    assert.equal(body.reasoning_effort, 'none');
  });
  it("sends a PDF's bytes as a file part with its filename, and a document as text as text", () => {
    const body = convertToOpenAiChatRequest({
      system: [],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', mediaType: 'application/pdf', source: { kind: 'base64', data: 'JVBERi0x' }, name: 'report.pdf' },
            { type: 'document', mediaType: 'application/pdf', source: { kind: 'base64', data: 'JVBERi0y' } },
            { type: 'document', mediaType: 'text/plain', source: { kind: 'text', text: 'notes' } },
          ],
        },
      ],
      settings: {},
    });
    assert.deepEqual(body.messages, [
      {
        role: 'user',
        content: [
          { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0x', filename: 'report.pdf' } },
          { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0y', filename: 'document.pdf' } },
          { type: 'text', text: 'notes' },
        ],
      },
    ]);
    assert.doesNotThrow(() => parseChatRequest({ ...body, model: 'm' }), 'the chat wire accepts it');
  });

  it('refuses, naming documents, a document the file part cannot hold: bytes of anything but a PDF, or a URL', () => {
    const refuses = openAiCompatibleCapabilities.refuses;
    assert.ok(refuses !== undefined);
    const withDocument = (part: InferenceUserPart): InferenceRequest => ({ system: [], messages: [{ role: 'user', content: [part] }], settings: {} });
    assert.deepEqual(refuses(withDocument({ type: 'document', mediaType: 'application/pdf', source: { kind: 'base64', data: 'JVBERi0x' } })), []);
    assert.deepEqual(refuses(withDocument({ type: 'document', mediaType: 'text/csv', source: { kind: 'text', text: 'a,b' } })), []);
    assert.deepEqual(refuses(withDocument({ type: 'document', mediaType: 'application/msword', source: { kind: 'base64', data: 'AAAA' } })), ['documents']);
    assert.deepEqual(refuses(withDocument({ type: 'document', mediaType: 'application/pdf', source: { kind: 'url', url: 'https://example.com/a.pdf' } })), ['documents']);
  });
});

describe('OpenAI chat answer -> canonical', () => {
  for (const name of ['response-text', 'response-tool-call', 'response-reasoning-cached']) {
    it(`${name}: the result`, () => {
      const result = convertOpenAiChatResponseToInference(readChatResponse(fixture(`${name}.chat.json`)));
      assert.deepEqual(result, fixture(`${name}.inference.json`));
    });
  }

  for (const name of ['stream-text', 'stream-tool-call']) {
    it(`${name}: the stream parts, in the documented order`, () => {
      const parts = chunkParts(`${name}.chunks.txt`);
      assert.deepEqual(parts, fixture(`${name}.parts.json`));
      assert.equal(parts[0]?.type, 'stream-start');
      assert.equal(parts.filter((p) => p.type === 'finish').length, 1);
      const finishAt = parts.findIndex((p) => p.type === 'finish');
      assert.ok(parts.slice(finishAt + 1).every((p) => p.type === 'usage'), 'only usage after finish');
    });
  }

  it('closes reasoning when the answer text starts', () => {
    const converter = new OpenAiChatChunksToInferenceStream();
    const chunk = (delta: object, finish: string | null = null) => ({ id: 'x', object: 'chat.completion.chunk' as const, created: 0, model: 'm', choices: [{ index: 0, delta, finish_reason: finish as 'stop' | null }] });
    const parts = [...converter.push(chunk({ reasoning_content: 'a' })), ...converter.push(chunk({ content: 'b' })), ...converter.push(chunk({}, 'stop'))];
    assert.deepEqual(parts.map((p) => p.type), ['stream-start', 'reasoning-delta', 'block-end', 'text-delta', 'block-end', 'finish']);
  });

  it('reads invented finish reasons as a stop, keeping the word', () => {
    assert.deepEqual(mapOpenAiChatFinishReason('eos'), { kind: 'stop', raw: 'eos' });
    assert.deepEqual(mapOpenAiChatFinishReason('length'), { kind: 'length', raw: 'length' });
  });
});
