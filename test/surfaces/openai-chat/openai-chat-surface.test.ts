/**
 * The OpenAI chat surface's renderers against fixtures, both directions with the openai-compatible provider's
 * readers: canonical result -> chat completion; canonical parts -> SSE chunks, and those chunks read back give the
 * same parts. Errors and setting names in the chat wire's words.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { GeorouteError } from '../../../src/errors/error-catalog.js';
import type { InferenceResult } from '../../../src/inference/inference-result.js';
import type { InferenceStreamPart } from '../../../src/inference/inference-stream-part.js';
import { OpenAiChatChunksToInferenceStream } from '../../../src/providers/openai-compatible/convert-openai-chat-chunks-to-inference-stream.js';
import { convertOpenAiChatResponseToInference } from '../../../src/providers/openai-compatible/convert-openai-chat-response-to-inference.js';
import { openAiChatSurface, openAiChatSurfaceWithoutObfuscation } from '../../../src/surfaces/openai-chat/openai-chat-surface.js';
import { findUnhonouredSettings } from '../../../src/capabilities/find-unhonoured-settings.js';
import { anthropicCapabilities } from '../../../src/providers/anthropic/anthropic-capabilities.js';
import { openAiCompatibleCapabilities } from '../../../src/providers/openai-compatible/openai-compatible-capabilities.js';
import { convertToOpenAiChatRequest } from '../../../src/providers/openai-compatible/convert-to-openai-chat-request.js';
import { sseDataFrame } from '../../../src/surfaces/openai-chat/openai-response-writer.js';
import { readChatCompletionChunk, readChatResponse } from '../../../src/providers/openai-compatible/read-openai-chat-response.js';

const context = { requestId: 'req-1', requestedModelId: 'nova-lite', createdAt: 1796164970, latencyMs: () => 5 };

function text(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

function fixture(name: string): unknown {
  return JSON.parse(text(name));
}

/** Without obfuscation padding (random), so that the chunks compare with the fixtures. */
function render(parts: InferenceStreamPart[], surface = openAiChatSurfaceWithoutObfuscation): string[] {
  const renderer = surface.createStreamRenderer(context);
  return [...parts.flatMap((p) => renderer.push(p)), ...renderer.finish()].map((e) => e.data);
}

describe('openai-chat surface: canonical -> chat', () => {
  for (const name of ['result-reasoning-cached', 'result-tool-call', 'result-reasoning-signed']) {
    it(`${name}: the completion, and it reads back to the same content and usage`, () => {
      const result = fixture(`${name}.inference.json`) as InferenceResult;
      const body = openAiChatSurface.renderResult(result, context);
      assert.deepEqual(body, fixture(`${name}.chat.json`));
      const back = convertOpenAiChatResponseToInference(readChatResponse(body));
      assert.deepEqual(back.content, result.content);
      assert.deepEqual(back.usage, result.usage);
    });
  }

  for (const name of ['stream-tool-call', 'stream-reasoning-text', 'stream-reasoning-redacted']) {
    it(`${name}: the SSE chunks, and they read back to the same blocks`, () => {
      const parts = fixture(`${name}.parts.json`) as InferenceStreamPart[];
      const data = render(parts);
      assert.equal(data.map(sseDataFrame).join('') + 'data: [DONE]\n\n', text(`${name}.chunks.txt`));
      const reader = new OpenAiChatChunksToInferenceStream();
      const back = [...data.flatMap((d) => reader.push(readChatCompletionChunk(d))), ...reader.finish()];
      const kinds: ReadonlySet<string> = new Set(['text-delta', 'reasoning-delta', 'reasoning-signature', 'redacted-reasoning', 'tool-call-start', 'tool-call-delta']);
      const content = (list: InferenceStreamPart[]) => list.filter((p) => kinds.has(p.type));
      assert.deepEqual(content(back), content(parts));
      assert.deepEqual(back.find((p) => p.type === 'usage'), parts.find((p) => p.type === 'usage'));
    });
  }

  it('by default pads each chunk with text in its delta (OpenAI\'s obfuscation): delta and padding fill whole blocks of 16', () => {
    const parts: InferenceStreamPart[] = [
      { type: 'stream-start' },
      { type: 'reasoning-delta', index: 0, delta: 'Look it up.' },
      { type: 'text-delta', index: 1, delta: 'Let me check the weather in Paris' },
      { type: 'tool-call-start', index: 2, id: 'call_1', name: 'get_weather' },
      { type: 'tool-call-delta', index: 2, delta: '{"city":"Paris"}' },
      { type: 'finish', reason: { kind: 'tool-calls', raw: 'tool_calls' } },
    ];
    const plain = render(parts).map((d) => JSON.parse(d) as Record<string, unknown>);
    const padded = render(parts, openAiChatSurface).map((d) => JSON.parse(d) as Record<string, unknown>);
    assert.equal(padded.length, plain.length);
    let paddedChunks = 0;
    padded.forEach((chunk, i) => {
      const { obfuscation, ...rest } = chunk;
      assert.deepEqual(rest, plain[i], 'the padding is the only difference');
      type Delta = { content?: string; reasoning_content?: string; tool_calls?: Array<{ function?: { arguments?: string } }> };
      const delta = (rest.choices as Array<{ delta: Delta }>)[0]?.delta;
      const textLength = (delta?.content ?? '').length + (delta?.reasoning_content ?? '').length + (delta?.tool_calls?.[0]?.function?.arguments ?? '').length;
      if (textLength === 0) {
        assert.equal(obfuscation, undefined, 'a chunk with no text in its delta is not padded');
        return;
      }
      paddedChunks += 1;
      assert.match(String(obfuscation), /^[A-Za-z0-9_-]+$/);
      assert.equal((textLength + String(obfuscation).length) % 16, 0);
      assert.ok(String(obfuscation).length <= 48);
    });
    assert.equal(paddedChunks, 3, 'the reasoning, text and argument deltas');
  });

  it('a stream that never finished gets a finish chunk (tool_calls when it called a tool) and no usage chunk it does not know', () => {
    const data = render([{ type: 'stream-start' }, { type: 'tool-call-start', index: 0, id: 'c', name: 'f' }]);
    const last = JSON.parse(data[data.length - 1] ?? '{}') as { choices: Array<{ finish_reason: string }> };
    assert.equal(last.choices[0]?.finish_reason, 'tool_calls');
  });

  it('answers a catalog error in OpenAI shape, with retry-after and the setting named in chat words', () => {
    const error = new GeorouteError('invalid_request', 'No deployment can honour top_k.', { param: openAiChatSurface.settingName('topK') });
    const rendered = openAiChatSurface.renderError(error, 'req-1');
    assert.equal(rendered.status, 400);
    assert.deepEqual(JSON.parse(rendered.body), { error: { message: 'No deployment can honour top_k.', type: 'invalid_request_error', param: 'top_k', code: 'invalid_request' } });
    assert.equal(openAiChatSurface.settingName('responseFormat'), 'response_format');
  });

  it('parses a chat body into the canonical request, with the model and streaming flag', () => {
    const parsed = openAiChatSurface.parseRequest({ model: 'nova-lite', stream: true, messages: [{ role: 'user', content: 'hi' }] }, { requestId: 'r' });
    assert.equal(parsed.modelId, 'nova-lite');
    assert.equal(parsed.stream, true);
    assert.deepEqual(parsed.request.messages, [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
  });

  it('carries members with no canonical setting in providerOptions.openai, defaults and nulls left out, and writes them back', () => {
    const parse = (extra: Record<string, unknown>) => openAiChatSurface.parseRequest({ model: 'm', messages: [{ role: 'user', content: 'hi' }], ...extra }, { requestId: 'r' }).request;
    const request = parse({ presence_penalty: 0.5, frequency_penalty: 0, store: true, prompt_cache_key: 'k', verbosity: null, logit_bias: {}, reasoning_effort: 'max' });
    assert.deepEqual(request.providerOptions, { openai: { presence_penalty: 0.5, store: true, prompt_cache_key: 'k', reasoning_effort: 'max' } });
    assert.deepEqual(request.settings.reasoning, { type: 'enabled', effort: 'high' });
    assert.equal(parse({ presence_penalty: 0, store: false, modalities: ['text'], stream_options: { include_usage: true } }).providerOptions, undefined);
    assert.equal(openAiChatSurface.settingName('providerOptions.openai.presence_penalty'), 'presence_penalty');
    const body = convertToOpenAiChatRequest(request);
    assert.deepEqual({ ...body, messages: undefined }, { presence_penalty: 0.5, store: true, prompt_cache_key: 'k', reasoning_effort: 'max', messages: undefined });
    const capabilities = openAiCompatibleCapabilities;
    assert.deepEqual(findUnhonouredSettings(['providerOptions.openai.presence_penalty'], { native: false, capabilities }, new Set()), []);
    assert.equal(anthropicCapabilities.honoursNamespaces?.has('providerOptions.openai') ?? false, false);
  });
});
