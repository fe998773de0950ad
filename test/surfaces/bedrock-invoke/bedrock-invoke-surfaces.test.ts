/**
 * The bedrock-invoke surfaces, one per model family, against recorded fixtures both directions: Claude's and Nova's
 * InvokeModel bodies parsed to canonical requests; canonical results and streams rendered as the family's answer
 * and chunks (Claude's last chunk with `amazon-bedrock-invocationMetrics`, no `ping`); the chunks read back.
 */
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GeorouteError } from '../../../src/errors/error-catalog.js';
import type { SurfaceRenderContext } from '../../../src/inference/inbound-surface-contract.js';
import type { InferenceRequest } from '../../../src/inference/inference-request.js';
import type { InferenceResult } from '../../../src/inference/inference-result.js';
import type { InferenceStreamPart } from '../../../src/inference/inference-stream-part.js';
import { AnthropicEventsToInference } from '../../../src/providers/anthropic/convert-anthropic-events-to-inference.js';
import { ConverseStreamToInference } from '../../../src/providers/bedrock/convert-converse-stream-to-inference.js';
import { bedrockInvokeSurfaces } from '../../../src/surfaces/bedrock-invoke/bedrock-invoke-surface.js';
import { NovaChunksToConverseStream } from '../../../src/surfaces/bedrock-invoke/nova/convert-nova-chunks-to-converse-stream.js';
import { readNovaStreamChunk } from '../../../src/surfaces/bedrock-invoke/nova/read-nova-response.js';
import { readJsonFixture } from '../../support/read-json-fixture.js';

const here = dirname(fileURLToPath(import.meta.url));
const anthropicFixtures = join(here, '../../providers/anthropic');
const context: SurfaceRenderContext = { requestId: 'req-7', requestedModelId: 'anthropic.claude-sonnet-4-5', createdAt: 0, latencyMs: () => 640 };
const bytes = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8'));
const json = (chunk: Uint8Array): Record<string, unknown> => JSON.parse(Buffer.from(chunk).toString('utf8')) as Record<string, unknown>;

function renderChunks(family: 'nova' | 'anthropic', parts: readonly InferenceStreamPart[]): Record<string, unknown>[] {
  const renderer = bedrockInvokeSurfaces[family].createStreamRenderer(context);
  return [...parts.flatMap((part) => renderer.push(part)), ...renderer.finish()].map((event) => json(event.chunk));
}

describe('bedrock-invoke surface for Claude bodies', () => {
  const surface = bedrockInvokeSurfaces.anthropic;

  it('parses a Claude InvokeModel body, model and operation from the path', () => {
    const parsed = surface.parseRequest(bytes(readJsonFixture(here, 'claude-invoke-body.json')), { requestId: 'r', pathModelId: 'eu.anthropic.claude-sonnet-4-5', pathStream: true });
    assert.equal(parsed.modelId, 'eu.anthropic.claude-sonnet-4-5');
    assert.equal(parsed.stream, true);
    assert.deepEqual(parsed.request, readJsonFixture<InferenceRequest>(here, 'claude-invoke-body.inference.json'));
  });

  it('refuses model and stream in the body, as Bedrock does', () => {
    assert.throws(
      () => surface.parseRequest(bytes({ ...readJsonFixture<Record<string, unknown>>(here, 'claude-invoke-body.json'), stream: true }), { requestId: 'r' }),
      (error: unknown) => error instanceof GeorouteError && error.code === 'invalid_request' && error.param === 'stream',
    );
  });

  it("renders a canonical result as Claude's message bytes", () => {
    const result = readJsonFixture<InferenceResult>(anthropicFixtures, 'anthropic-message.inference.json');
    assert.deepEqual(json(surface.renderResult(result, context)), { ...readJsonFixture<Record<string, unknown>>(anthropicFixtures, 'anthropic-message.json'), model: 'anthropic.claude-sonnet-4-5' });
  });

  it('renders a canonical stream as Claude chunks, metrics in the last, and reads them back', () => {
    const parts = readJsonFixture<InferenceStreamPart[]>(anthropicFixtures, 'anthropic-stream.parts.json');
    const chunks = renderChunks('anthropic', parts);
    assert.deepEqual(chunks, readJsonFixture(here, 'claude-invoke-stream.chunks.json'));
    const converter = new AnthropicEventsToInference();
    assert.deepEqual(chunks.flatMap((chunk) => converter.push(chunk)), parts);
  });

  it('names settings in Anthropic words and errors in Bedrock shape', () => {
    assert.equal(surface.settingName('topP'), 'top_p');
    assert.equal(surface.renderError(new GeorouteError('no_capacity', 'x'), 'r').headers['x-amzn-errortype'], 'ThrottlingException');
  });
});

describe('bedrock-invoke surface for Nova bodies', () => {
  const surface = bedrockInvokeSurfaces.nova;

  it('parses a Nova InvokeModel body through Converse', () => {
    assert.deepEqual(surface.parseRequest(bytes(readJsonFixture(here, 'nova-invoke-body.json')), { requestId: 'r' }).request, readJsonFixture<InferenceRequest>(here, 'nova-invoke-body.inference.json'));
  });

  it("renders a canonical result as Nova's answer", () => {
    const result: InferenceResult = { content: [{ type: 'text', text: 'Sunny.' }], finishReason: { kind: 'stop', raw: 'end_turn' }, usage: { inputTokens: 15, outputTokens: 4, cacheReadInputTokens: 5 } };
    assert.deepEqual(json(surface.renderResult(result, context)), {
      output: { message: { role: 'assistant', content: [{ text: 'Sunny.' }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 10, outputTokens: 4, totalTokens: 19, cacheReadInputTokenCount: 5 },
    });
  });

  it('renders a canonical stream as Nova chunks and reads them back', () => {
    const parts: InferenceStreamPart[] = [
      { type: 'stream-start' },
      { type: 'text-delta', index: 0, delta: 'Sunny' },
      { type: 'text-delta', index: 0, delta: ' in Lyon.' },
      { type: 'block-end', index: 0 },
      { type: 'usage', usage: { inputTokens: 12, outputTokens: 4 } },
      { type: 'finish', reason: { kind: 'stop', raw: 'end_turn' } },
    ];
    const chunks = renderChunks('nova', parts);
    assert.deepEqual(chunks, readJsonFixture(here, 'nova-invoke-stream.chunks.json'));
    const toConverse = new NovaChunksToConverseStream({ estimatedInputTokens: 0 });
    const toInference = new ConverseStreamToInference();
    const events = [...chunks.flatMap((chunk) => toConverse.push(readNovaStreamChunk(JSON.stringify(chunk)))), ...toConverse.finish({ latencyMs: 640 })];
    assert.deepEqual([...events.flatMap((event) => toInference.push(event)), ...toInference.end()], parts);
  });
});
