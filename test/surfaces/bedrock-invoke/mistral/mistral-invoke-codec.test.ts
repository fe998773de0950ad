/**
 * The Mistral chat InvokeModel codec against recorded fixtures: a body with system, a tool call round trip and
 * images to the canonical request; a canonical result to Mistral's answer; canonical stream parts to Mistral's
 * chunks (a tool call whole in one chunk, metrics on the last); what the canonical model cannot hold carried in
 * providerOptions.mistral by name; bodies Bedrock would refuse named by field.
 */
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GeorouteError } from '../../../../src/errors/error-catalog.js';
import type { SurfaceRenderContext } from '../../../../src/inference/inbound-surface-contract.js';
import type { InferenceRequest } from '../../../../src/inference/inference-request.js';
import type { InferenceResult } from '../../../../src/inference/inference-result.js';
import type { InferenceStreamPart } from '../../../../src/inference/inference-stream-part.js';
import { bedrockInvokeSurfaces } from '../../../../src/surfaces/bedrock-invoke/bedrock-invoke-surface.js';
import { mistralInvokeCodec } from '../../../../src/surfaces/bedrock-invoke/mistral-invoke-codec.js';
import { readJsonFixture } from '../../../support/read-json-fixture.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..');
const MODEL = 'eu.mistral.pixtral-large-2502-v1:0';
const context: SurfaceRenderContext = { requestId: 'req-7', requestedModelId: MODEL, createdAt: 0, latencyMs: () => 640 };
const bytes = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8'));
const json = (chunk: Uint8Array): unknown => JSON.parse(Buffer.from(chunk).toString('utf8'));
const surface = bedrockInvokeSurfaces.mistral;
const user = (content: unknown) => ({ role: 'user', content });

function isInvalid(param: string) {
  return (error: unknown) => error instanceof GeorouteError && error.code === 'invalid_request' && error.param === param;
}

function render(parts: readonly InferenceStreamPart[]): Array<Record<string, unknown>> {
  const renderer = surface.createStreamRenderer(context);
  return [...parts.flatMap((part) => renderer.push(part)), ...renderer.finish()].map((event) => json(event.chunk) as Record<string, unknown>);
}

describe('Mistral InvokeModel codec', () => {
  it('parses a body into system, messages (a tool call and its result, images), tools, tool choice and settings', () => {
    const parsed = surface.parseRequest(bytes(readJsonFixture(fixtures, 'mistral-invoke-body.json')), { requestId: 'r', pathModelId: MODEL, pathStream: true });
    assert.equal(parsed.modelId, MODEL);
    assert.equal(parsed.stream, true);
    assert.deepEqual(parsed.request, readJsonFixture<InferenceRequest>(fixtures, 'mistral-invoke-body.inference.json'));
  });

  it("renders a canonical result as Mistral's answer, tool calls included", () => {
    const result = readJsonFixture<InferenceResult>(fixtures, 'mistral-invoke-result.inference.json');
    assert.deepEqual(json(surface.renderResult(result, context)), readJsonFixture(fixtures, 'mistral-invoke-response.json'));
  });

  it('renders a canonical stream as Mistral chunks: a delta each, a tool call whole, the invocation metrics on the last', () => {
    assert.deepEqual(render(readJsonFixture<InferenceStreamPart[]>(fixtures, 'mistral-invoke-stream.parts.json')), readJsonFixture(fixtures, 'mistral-invoke-stream.chunks.json'));
  });

  it('maps stop reasons: length when cut, stop otherwise', () => {
    const text = (kind: InferenceResult['finishReason']['kind']) => json(surface.renderResult({ content: [{ type: 'text', text: 'Hi' }], finishReason: { kind }, usage: { inputTokens: 1, outputTokens: 1 } }, context));
    assert.deepEqual(text('length'), { choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, stop_reason: 'length' }] });
    assert.equal((text('stop-sequence') as { choices: Array<{ stop_reason: string }> }).choices[0]?.stop_reason, 'stop');
    assert.equal((text('context-window') as { choices: Array<{ stop_reason: string }> }).choices[0]?.stop_reason, 'length');
  });

  it('a stream that ends before its stop reason is an interruption, not a clean end', () => {
    const renderer = surface.createStreamRenderer(context);
    renderer.push({ type: 'text-delta', index: 0, delta: 'Hi' });
    assert.throws(() => renderer.finish(), (error: unknown) => error instanceof GeorouteError && error.code === 'stream_interrupted');
  });

  it('reads tool_choice auto and none, arguments given as an object, a tool message with its name, content parts of system and tool', () => {
    const request = mistralInvokeCodec.toInference({
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        user('Weather?'),
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'w', arguments: { city: 'Rome' } } }] },
        { role: 'tool', tool_call_id: 'c1', name: 'w', content: [{ type: 'text', text: 'rain' }] },
      ],
      tools: [{ type: 'function', function: { name: 'w' } }],
      tool_choice: 'none',
    });
    assert.deepEqual(request.system, [{ type: 'text', text: 'Be brief.' }]);
    assert.deepEqual(request.messages.slice(1), [
      { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'w', input: '{"city":"Rome"}' }] },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'w', content: [{ type: 'text', text: 'rain' }] }] },
    ]);
    assert.deepEqual(request.tools, [{ type: 'function', name: 'w', inputSchema: { type: 'object', properties: {} } }]);
    assert.deepEqual(request.toolChoice, { type: 'none' });
    assert.deepEqual(mistralInvokeCodec.toInference({ messages: [user('x')], tool_choice: 'auto' }).toolChoice, { type: 'auto' });
    assert.equal(request.providerOptions, undefined);
  });

  it('carries what the canonical model cannot hold in providerOptions.mistral, named for refusal', () => {
    const request = mistralInvokeCodec.toInference({
      messages: [
        { role: 'user', name: 'ann', content: [{ type: 'text', text: 'Read this.' }, { type: 'document_url', document_url: 'https://example.com/a.pdf' }] },
        { role: 'assistant', content: 'The document says', prefix: true },
      ],
      safe_prompt: true,
      stop: ['\n\n'],
    });
    assert.deepEqual(request.providerOptions, {
      mistral: { safe_prompt: true, stop: ['\n\n'], messages: ['messages[0].name', 'messages[0].content[1].type document_url', 'messages[1].prefix'] },
    });
    assert.deepEqual(request.messages.at(-1), { role: 'assistant', content: [{ type: 'text', text: 'The document says' }] });
    assert.equal(surface.settingName('providerOptions.mistral.safe_prompt'), 'safe_prompt');
    assert.equal(surface.settingName('providerOptions.mistral.messages'), 'messages');
    assert.equal(surface.settingName('topP'), 'top_p');
    assert.equal(surface.settingName('toolChoice'), 'tool_choice');
  });

  it('refuses what Bedrock refuses, naming the field', () => {
    assert.throws(() => mistralInvokeCodec.parse({ max_tokens: 5 }), isInvalid('messages'));
    assert.throws(() => mistralInvokeCodec.parse({ messages: [] }), isInvalid('messages'));
    assert.throws(() => mistralInvokeCodec.parse({ messages: [{ role: 'robot', content: 'x' }] }), isInvalid('messages[0].role'));
    assert.throws(() => mistralInvokeCodec.parse({ messages: [user('x')], temperature: 1.5 }), isInvalid('temperature'));
    assert.throws(() => mistralInvokeCodec.parse({ messages: [user('x')], top_p: -1 }), isInvalid('top_p'));
    assert.throws(() => mistralInvokeCodec.parse({ messages: [user('x')], max_tokens: 0 }), isInvalid('max_tokens'));
    assert.throws(() => mistralInvokeCodec.parse({ messages: [user('x')], tool_choice: 'required' }), isInvalid('tool_choice'));
    assert.throws(() => mistralInvokeCodec.parse({ messages: [{ role: 'tool', content: 'x' }] }), isInvalid('messages[0].tool_call_id'));
    assert.throws(() => mistralInvokeCodec.parse({ messages: [user([{ type: 'text' }])] }), isInvalid('messages[0].content[0].text'));
    assert.throws(() => mistralInvokeCodec.parse({ messages: [{ role: 'assistant', tool_calls: [{ id: 'c', function: { arguments: '{}' } }] }] }), isInvalid('messages[0].tool_calls[0].function.name'));
  });

  it('estimates input tokens from texts, tool calls, tools and images; reads the output limit', () => {
    assert.deepEqual(mistralInvokeCodec.parse({ messages: [user('x'.repeat(40))], max_tokens: 64 }), { estimatedInputTokens: 10 + 4 + 3, maxOutputTokens: 64 });
    const withImage = mistralInvokeCodec.parse({ messages: [user([{ type: 'text', text: 'x'.repeat(40) }, { type: 'image_url', image_url: { url: 'https://e.com/a.png' } }])] });
    assert.equal(withImage.estimatedInputTokens, 17 + 765);
  });
});

describe('Mistral chunks from an upstream that reports usage only at its end', () => {
  it('puts the metrics on the last chunk from the final usage', () => {
    const chunks = render([
      { type: 'stream-start' },
      { type: 'text-delta', index: 0, delta: 'Hi' },
      { type: 'finish', reason: { kind: 'stop', raw: 'stop' } },
      { type: 'usage', usage: { inputTokens: 9, outputTokens: 1 } },
    ]);
    assert.equal(chunks.length, 2);
    assert.deepEqual(chunks[1]?.['amazon-bedrock-invocationMetrics'], { inputTokenCount: 9, outputTokenCount: 1, invocationLatency: 640, firstByteLatency: 640 });
  });
});
