/**
 * The anthropic-messages surface against recorded fixtures, both directions: a Messages request parsed to the
 * canonical request and converted back by the anthropic provider's converter unchanged; a canonical result and
 * stream rendered as Anthropic's message and SSE events (with `ping`); Anthropic's error shape and types.
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
import { anthropicCapabilities } from '../../../src/providers/anthropic/anthropic-capabilities.js';
import { convertToAnthropicMessagesRequest } from '../../../src/providers/anthropic/convert-to-anthropic-messages-request.js';
import { anthropicMessagesSurface } from '../../../src/surfaces/anthropic-messages/anthropic-messages-surface.js';
import { readJsonFixture } from '../../support/read-json-fixture.js';
import { readSseFixture } from '../../support/read-sse-fixture.js';

const here = dirname(fileURLToPath(import.meta.url));
const providerFixtures = join(here, '../../providers/anthropic');
const context: SurfaceRenderContext = { requestId: 'req-1', requestedModelId: 'claude-sonnet-4-5', createdAt: 1_700_000_000, latencyMs: () => 5 };

function render(parts: readonly InferenceStreamPart[]): Array<{ eventType: string; data: unknown }> {
  const renderer = anthropicMessagesSurface.createStreamRenderer(context);
  const events = [...parts.flatMap((part) => renderer.push(part)), ...renderer.finish()];
  return events.map((event) => ({ eventType: event.eventType, data: JSON.parse(event.data) as unknown }));
}

describe('anthropic-messages surface', () => {
  it('parses a Messages request into the canonical request', () => {
    const parsed = anthropicMessagesSurface.parseRequest(readJsonFixture(here, 'messages-request.json'), { requestId: 'r' });
    assert.equal(parsed.modelId, 'claude-sonnet-4-5');
    assert.equal(parsed.stream, true);
    assert.deepEqual(parsed.request, readJsonFixture<InferenceRequest>(here, 'messages-request.inference.json'));
  });

  it('round-trips the request: canonical -> Messages gives back the body it came from (betas as the header list)', () => {
    const canonical = readJsonFixture<InferenceRequest>(here, 'messages-request.inference.json');
    const { body, betas } = convertToAnthropicMessagesRequest(canonical, { model: 'claude-sonnet-4-5', stream: true, defaultMaxTokens: 4096 });
    assert.deepEqual(JSON.parse(JSON.stringify({ ...body, anthropic_beta: betas })), readJsonFixture(here, 'messages-request.json'));
  });

  it('parses structured output, strict tools and an effort, and round-trips them (the effort above high stays Anthropic\'s)', () => {
    const parsed = anthropicMessagesSurface.parseRequest(readJsonFixture(here, 'messages-request-structured.json'), { requestId: 'r' });
    const canonical = readJsonFixture<InferenceRequest>(here, 'messages-request-structured.inference.json');
    assert.deepEqual(parsed.request, canonical);
    const { body } = convertToAnthropicMessagesRequest(canonical, { model: 'claude-sonnet-4-6', stream: false, defaultMaxTokens: 4096 });
    assert.deepEqual(JSON.parse(JSON.stringify(body)), readJsonFixture(here, 'messages-request-structured.json'));
  });

  it('reads adaptive thinking and an effort as reasoning; keeps what other wires cannot say for Anthropic alone', () => {
    const parse = (fields: Record<string, unknown>) => anthropicMessagesSurface.parseRequest({ model: 'c', max_tokens: 2048, messages: [{ role: 'user', content: 'q' }], ...fields }, { requestId: 'r' }).request;
    assert.deepEqual(parse({ thinking: { type: 'adaptive' } }).settings.reasoning, { type: 'enabled' });
    const adaptive = parse({ thinking: { type: 'adaptive', display: 'summarized' }, output_config: { effort: 'low' } });
    assert.deepEqual(adaptive.settings.reasoning, { type: 'enabled', effort: 'low' });
    assert.equal(adaptive.providerOptions, undefined, 'nothing left over: any converted path can honour it');
    assert.deepEqual(parse({ output_config: { effort: 'medium' } }).settings.reasoning, { type: 'enabled', effort: 'medium' });
    const disabled = parse({ thinking: { type: 'disabled' }, output_config: { effort: 'low' } });
    assert.deepEqual(disabled.settings.reasoning, { type: 'disabled' });
    assert.deepEqual(disabled.providerOptions, { anthropic: { output_config: { effort: 'low' } } });
    assert.deepEqual(parse({ thinking: { type: 'adaptive', display: 'omitted' } }).providerOptions, { anthropicContent: { 'thinking.display': ['thinking.display'] } });
    assert.equal(anthropicMessagesSurface.settingName('providerOptions.anthropicContent.thinking.display'), 'thinking.display');
    const betweenTools = parse({ thinking: { type: 'between_tools' } });
    assert.equal(betweenTools.settings.reasoning, undefined);
    assert.deepEqual(betweenTools.providerOptions, { anthropicContent: { thinking: ['thinking.type'] } });
    assert.equal(anthropicMessagesSurface.settingName('responseFormat'), 'output_config.format');
    assert.deepEqual(parse({ output_config: { format: null, effort: null } }).settings, { maxOutputTokens: 2048 });
    const beta = parse({ output_format: { type: 'json_schema', schema: { type: 'object' } } });
    assert.deepEqual(beta.settings.responseFormat, { type: 'json-schema', name: 'response', schema: { type: 'object' }, strict: true }, "the beta's output_format is the same structured output");
    assert.equal(beta.providerOptions, undefined);
  });

  it('refuses a malformed output_config or thinking with a 400 naming the field', () => {
    const refused = (fields: Record<string, unknown>, param: string) =>
      assert.throws(
        () => anthropicMessagesSurface.parseRequest({ model: 'c', max_tokens: 2048, messages: [{ role: 'user', content: 'q' }], ...fields }, { requestId: 'r' }),
        (error: unknown) => error instanceof GeorouteError && error.code === 'invalid_request' && error.param === param,
      );
    refused({ output_config: { format: { type: 'json_object' } } }, 'output_config.format.type');
    refused({ output_config: { format: { type: 'json_schema', schema: '{}' } } }, 'output_config.format.schema');
    refused({ output_config: { effort: 'extreme' } }, 'output_config.effort');
    refused({ output_format: { type: 'json_schema' } }, 'output_format.schema');
    refused({ thinking: { type: 'adaptive', display: 'full' } }, 'thinking.display');
    refused({ tools: [{ name: 't', input_schema: { type: 'object' }, strict: 'yes' }] }, 'tools.0.strict');
  });

  it('renders a canonical result as an Anthropic message', () => {
    const result = readJsonFixture<InferenceResult>(providerFixtures, 'anthropic-message.inference.json');
    assert.deepEqual(JSON.parse(JSON.stringify(anthropicMessagesSurface.renderResult(result, context))), readJsonFixture(providerFixtures, 'anthropic-message.json'));
  });

  it('renders canonical stream parts as the SSE events Anthropic sends, ping included', () => {
    const parts = readJsonFixture<InferenceStreamPart[]>(providerFixtures, 'anthropic-stream.parts.json');
    assert.deepEqual(render(parts), readSseFixture(providerFixtures, 'anthropic-stream.sse.txt'));
  });

  it('opens the message before content when the upstream reports usage only at the end (Converse), and closes open blocks', () => {
    const events = render([
      { type: 'stream-start' },
      { type: 'text-delta', index: 0, delta: 'Hi' },
      { type: 'finish', reason: { kind: 'stop', raw: 'end_turn' } },
      { type: 'usage', usage: { inputTokens: 9, outputTokens: 2 } },
    ]);
    assert.deepEqual(events.map((event) => event.eventType), ['message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    assert.deepEqual((events[0]?.data as { message: { id: string } }).message.id, 'msg_req-1');
    assert.deepEqual((events[5]?.data as { usage: unknown }).usage, { input_tokens: 9, output_tokens: 2 });
  });

  it('refuses to close a stream that never finished', () => {
    const renderer = anthropicMessagesSurface.createStreamRenderer(context);
    renderer.push({ type: 'stream-start' });
    assert.throws(() => renderer.finish(), (error: unknown) => error instanceof GeorouteError && error.code === 'stream_interrupted');
  });

  it('lists blocks with no canonical part under providerOptions.anthropicContent, which no converted path honours', () => {
    const parsed = anthropicMessagesSurface.parseRequest(
      { model: 'c', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'search_result', source: 'x', title: 't', content: [] }, { type: 'text', text: 'q' }] }] },
      { requestId: 'r' },
    );
    assert.deepEqual(parsed.request.providerOptions, { anthropicContent: { search_result: ['messages[0].content[0]'] } });
    assert.equal(anthropicMessagesSurface.settingName('providerOptions.anthropicContent.search_result'), 'search_result');
    assert.equal(anthropicCapabilities.honours.has('providerOptions.anthropicContent.search_result'), false);
  });

  it("takes null as absent, and lists what no other wire can say (file images, transformations, callers, toolsets, tool references)", () => {
    const parse = (messages: unknown[], system?: unknown[]) =>
      anthropicMessagesSurface.parseRequest({ model: 'c', max_tokens: 10, messages, ...(system === undefined ? {} : { system }) }, { requestId: 'r' }).request;
    const nulls = parse(
      [
        { role: 'user', content: [{ type: 'text', text: 'q', cache_control: null, citations: null }, { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'd' }, title: null, context: null, citations: null, cache_control: null }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: {}, caller: { type: 'direct' }, toolset_name: null, cache_control: null }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'r', cache_control: null }], toolset_name: null, cache_control: null }] },
      ],
      [{ type: 'text', text: 's', cache_control: null, citations: null }],
    );
    assert.deepEqual(nulls, {
      system: [{ type: 'text', text: 's' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'q' }, { type: 'document', mediaType: 'text/plain', source: { kind: 'text', text: 'd' } }] },
        { role: 'assistant', content: [{ type: 'tool-call', id: 't', name: 'f', input: '{}' }] },
        { role: 'user', content: [{ type: 'tool-result', toolCallId: 't', content: [{ type: 'text', text: 'r' }] }] },
      ],
      settings: { maxOutputTokens: 10 },
    });
    const anthropicOnly = parse([
      { role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'file_1' } }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AA==' }, transformations: { crop: {} } }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: {}, caller: { type: 'code_execution_20250825', tool_id: 'srv_1' }, toolset_name: 'mcp' }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'tool_reference', tool_name: 'g' }], toolset_name: 'mcp' }] },
    ]);
    assert.deepEqual(anthropicOnly.providerOptions?.anthropicContent, {
      'file image source': ['messages[0].content[0].source'],
      transformations: ['messages[0].content[1].transformations'],
      caller: ['messages[1].content[0].caller'],
      toolset_name: ['messages[1].content[0].toolset_name', 'messages[2].content[0].toolset_name'],
      tool_reference: ['messages[2].content[0].content[0]'],
    });
    assert.throws(() => parse([{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text' }] }] }]), (error: unknown) => error instanceof GeorouteError && error.param === 'messages.0.content.0.content.0.text');
  });

  it("renders catalog errors in Anthropic's shape, 529 for an overloaded upstream", () => {
    const overloaded = anthropicMessagesSurface.renderError(new GeorouteError('upstream_unavailable', 'No region could serve the request.'), 'req-9');
    assert.equal(overloaded.status, 529);
    assert.equal(overloaded.headers['request-id'], 'req-9');
    assert.deepEqual(JSON.parse(overloaded.body), { type: 'error', error: { type: 'overloaded_error', message: 'No region could serve the request.' }, request_id: 'req-9' });
    const throttled = anthropicMessagesSurface.renderError(new GeorouteError('no_capacity', 'busy', { retryAfterSeconds: 4 }), 'r');
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers['retry-after'], '4');
    assert.equal((JSON.parse(throttled.body) as { error: { type: string } }).error.type, 'rate_limit_error');
    assert.equal(anthropicMessagesSurface.renderError(new GeorouteError('invalid_request', 'bad'), 'r').status, 400);
    assert.throws(() => anthropicMessagesSurface.parseRequest({ model: 'c', messages: [] }, { requestId: 'r' }), (error: unknown) => error instanceof GeorouteError && error.code === 'invalid_request');
  });

  it('names settings in Anthropic words', () => {
    assert.equal(anthropicMessagesSurface.settingName('topP'), 'top_p');
    assert.equal(anthropicMessagesSurface.settingName('user'), 'metadata.user_id');
    assert.equal(anthropicMessagesSurface.settingName('providerOptions.bedrock.guardrailConfig'), 'guardrailConfig');
  });
});
