/**
 * The Llama InvokeModel codec against recorded fixtures: a templated body to the canonical request, a canonical
 * result to Llama's answer, canonical stream parts to Llama's chunks (metrics on the last); the Llama 3 template's
 * edge cases (no template, prefill, tool turns, images) and bodies Bedrock would refuse.
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
import { llamaInvokeCodec } from '../../../../src/surfaces/bedrock-invoke/llama-invoke-codec.js';
import { readJsonFixture } from '../../../support/read-json-fixture.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..');
const context: SurfaceRenderContext = { requestId: 'req-7', requestedModelId: 'eu.meta.llama3-2-3b-instruct-v1:0', createdAt: 0, latencyMs: () => 640 };
const bytes = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8'));
const json = (chunk: Uint8Array): unknown => JSON.parse(Buffer.from(chunk).toString('utf8'));
const surface = bedrockInvokeSurfaces.llama;
const H = (role: string) => `<|start_header_id|>${role}<|end_header_id|>\n\n`;

function isInvalid(param: string) {
  return (error: unknown) => error instanceof GeorouteError && error.code === 'invalid_request' && error.param === param;
}

describe('Llama InvokeModel codec', () => {
  it('parses a templated body into system, messages and settings; the open assistant header is the generation point', () => {
    const parsed = surface.parseRequest(bytes(readJsonFixture(fixtures, 'llama-invoke-body.json')), { requestId: 'r', pathModelId: 'eu.meta.llama3-2-3b-instruct-v1:0', pathStream: true });
    assert.equal(parsed.stream, true);
    assert.deepEqual(parsed.request, readJsonFixture<InferenceRequest>(fixtures, 'llama-invoke-body.inference.json'));
  });

  it("renders a canonical result as Llama's answer", () => {
    const result = readJsonFixture<InferenceResult>(fixtures, 'llama-invoke-result.inference.json');
    assert.deepEqual(json(surface.renderResult(result, context)), readJsonFixture(fixtures, 'llama-invoke-response.json'));
  });

  it('renders a canonical stream as Llama chunks, the invocation metrics on the last', () => {
    const parts = readJsonFixture<InferenceStreamPart[]>(fixtures, 'llama-invoke-stream.parts.json');
    const renderer = surface.createStreamRenderer(context);
    const chunks = [...parts.flatMap((part) => renderer.push(part)), ...renderer.finish()].map((event) => json(event.chunk));
    assert.deepEqual(chunks, readJsonFixture(fixtures, 'llama-invoke-stream.chunks.json'));
  });

  it('a stream that ends before its stop reason is an interruption, not a clean end', () => {
    const renderer = surface.createStreamRenderer(context);
    renderer.push({ type: 'text-delta', index: 0, delta: 'Hi' });
    assert.throws(() => renderer.finish(), (error: unknown) => error instanceof GeorouteError && error.code === 'stream_interrupted');
  });

  it('reads a prompt without the template as one user message, as it is', () => {
    assert.deepEqual(llamaInvokeCodec.toInference({ prompt: 'Tell me a joke.\n' }), {
      system: [],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Tell me a joke.\n' }] }],
      settings: {},
    });
  });

  it('keeps text after the open assistant header as a trailing assistant message (prefill), its spaces included', () => {
    const request = llamaInvokeCodec.toInference({ prompt: `<|begin_of_text|>${H('user')}Name a colour.<|eot_id|>${H('assistant')}The colour is ` });
    assert.deepEqual(request.messages, [
      { role: 'user', content: [{ type: 'text', text: 'Name a colour.' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'The colour is ' }] },
    ]);
  });

  it('accepts the single-newline form of the AWS examples and joins consecutive turns of one role', () => {
    const request = llamaInvokeCodec.toInference({ prompt: '\n<|begin_of_text|>\n<|start_header_id|>user<|end_header_id|>\nHello\n<|eot_id|>\n<|start_header_id|>user<|end_header_id|>\nAgain\n<|eot_id|>\n<|start_header_id|>assistant<|end_header_id|>\n' });
    assert.deepEqual(request.messages, [{ role: 'user', content: [{ type: 'text', text: 'Hello' }, { type: 'text', text: 'Again' }] }]);
    assert.equal(request.providerOptions, undefined);
  });

  it('carries what the canonical model cannot hold in providerOptions.llama, named for refusal', () => {
    const request = llamaInvokeCodec.toInference({
      prompt: `<|begin_of_text|>${H('user')}<|image|>What is this?<|eot_id|>${H('ipython')}{"ok":true}<|eot_id|>${H('assistant')}`,
      images: ['iVBORw0KGgo='],
    });
    assert.deepEqual(request.providerOptions, { llama: { images: 1, prompt: ['special token <|image|>', 'role "ipython"'] } });
    assert.equal(surface.settingName('providerOptions.llama.images'), 'images');
    assert.equal(surface.settingName('providerOptions.llama.prompt'), 'prompt');
    assert.equal(surface.settingName('topP'), 'top_p');
  });

  it('refuses what Bedrock refuses, naming the member', () => {
    assert.throws(() => llamaInvokeCodec.parse({ prompt: 'x', max_tokens: 5 }), isInvalid('max_tokens'));
    assert.throws(() => llamaInvokeCodec.parse({ prompt: 'x', temperature: 3 }), isInvalid('temperature'));
    assert.throws(() => llamaInvokeCodec.parse({ max_gen_len: 5 }), isInvalid('prompt'));
    assert.throws(() => llamaInvokeCodec.parse({ prompt: 'x', max_gen_len: 0 }), isInvalid('max_gen_len'));
  });

  it('estimates input tokens from the prompt and images; reads the output limit', () => {
    assert.deepEqual(llamaInvokeCodec.parse({ prompt: 'x'.repeat(40), max_gen_len: 64 }), { estimatedInputTokens: 13, maxOutputTokens: 64 });
    assert.equal(llamaInvokeCodec.parse({ prompt: 'x'.repeat(40), images: ['a'] }).estimatedInputTokens, 13 + 765);
  });
});

describe('Llama chunks from an upstream that reports usage only at its end', () => {
  it('puts the prompt token count on the last chunk instead of the first', () => {
    const renderer = surface.createStreamRenderer(context);
    const parts: InferenceStreamPart[] = [
      { type: 'stream-start' },
      { type: 'text-delta', index: 0, delta: 'Hi' },
      { type: 'finish', reason: { kind: 'stop', raw: 'stop' } },
      { type: 'usage', usage: { inputTokens: 9, outputTokens: 1 } },
    ];
    const chunks = [...parts.flatMap((part) => renderer.push(part)), ...renderer.finish()].map((event) => json(event.chunk) as Record<string, unknown>);
    assert.deepEqual(chunks.map((chunk) => chunk.prompt_token_count), [null, 9]);
  });
});
