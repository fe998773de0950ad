/**
 * The anthropic provider's converters against recorded fixtures (an Anthropic message and SSE stream as the API
 * sends them -> canonical), what Messages cannot say, and fast-check round trips through the Anthropic surface:
 * canonical -> Messages -> canonical, and stream parts -> SSE events -> parts.
 */
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { GeorouteError } from '../../../src/errors/error-catalog.js';
import type { InferenceMessage } from '../../../src/inference/inference-messages.js';
import type { InferenceRequest } from '../../../src/inference/inference-request.js';
import type { InferenceResult } from '../../../src/inference/inference-result.js';
import type { InferenceStreamPart } from '../../../src/inference/inference-stream-part.js';
import { anthropicCapabilities } from '../../../src/providers/anthropic/anthropic-capabilities.js';
import { AnthropicEventsToInference } from '../../../src/providers/anthropic/convert-anthropic-events-to-inference.js';
import { convertAnthropicMessageToInference } from '../../../src/providers/anthropic/convert-anthropic-message-to-inference.js';
import { convertToAnthropicMessagesRequest } from '../../../src/providers/anthropic/convert-to-anthropic-messages-request.js';
import { anthropicMessagesSurface } from '../../../src/surfaces/anthropic-messages/anthropic-messages-surface.js';
import { canonicalMessagesArbitrary, canonicalStreamArbitrary } from '../../support/canonical-arbitraries.js';
import { readJsonFixture } from '../../support/read-json-fixture.js';
import { readSseFixture } from '../../support/read-sse-fixture.js';

const here = dirname(fileURLToPath(import.meta.url));
const options = { model: 'claude-x', stream: false, defaultMaxTokens: 100 };
const base: InferenceRequest = { system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], settings: { maxOutputTokens: 100 } };

/** What the Anthropic wire carries exactly: JSON tool results become text, reasoning needs its signature, a cache point needs a block before it. */
function anthropicSafe(messages: InferenceMessage[]): InferenceMessage[] {
  return messages.map((message): InferenceMessage => {
    if (message.role === 'assistant') return { role: 'assistant', content: message.content.map((part) => (part.type === 'reasoning' ? { ...part, signature: part.signature ?? 'sig' } : part)) };
    const content = message.content
      .map((part) => (part.type === 'tool-result' ? { ...part, content: part.content.filter((item) => item.type !== 'json') } : part))
      .filter((part, j, all) => part.type !== 'cache-point' || (j > 0 && all[j - 1]?.type !== 'cache-point'));
    return { role: 'user', content: content.length === 0 ? [{ type: 'text', text: '' }] : content };
  });
}

function convertEvents(events: ReadonlyArray<{ data: Record<string, unknown> }>): InferenceStreamPart[] {
  const converter = new AnthropicEventsToInference();
  return events.flatMap((event) => converter.push(event.data));
}

describe('Anthropic -> canonical (anthropic provider)', () => {
  it('reads a recorded message', () => {
    assert.deepEqual(convertAnthropicMessageToInference(readJsonFixture(here, 'anthropic-message.json')), readJsonFixture<InferenceResult>(here, 'anthropic-message.inference.json'));
  });

  it('reads a recorded SSE stream: ping and message_stop yield nothing, usage is cumulative', () => {
    assert.deepEqual(convertEvents(readSseFixture(here, 'anthropic-stream.sse.txt')), readJsonFixture(here, 'anthropic-stream.parts.json'));
  });

  it('keeps blocks it has no part for in providerMetadata, and the matched stop sequence', () => {
    const result = convertAnthropicMessageToInference({
      ...readJsonFixture<Record<string, unknown>>(here, 'anthropic-message.json'),
      content: [{ type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } }],
      stop_reason: 'stop_sequence',
      stop_sequence: 'END',
    });
    assert.deepEqual(result.content, []);
    assert.deepEqual(result.finishReason, { kind: 'stop-sequence', raw: 'stop_sequence' });
    assert.deepEqual(result.providerMetadata, { anthropic: { stop_sequence: 'END', otherContent: [{ type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } }] } });
  });
});

describe('canonical -> Anthropic (anthropic provider)', () => {
  it('turns an effort into a thinking budget, the end user into metadata.user_id, and a missing limit into the default', () => {
    const { body } = convertToAnthropicMessagesRequest({ ...base, settings: { reasoning: { type: 'enabled', effort: 'low' }, user: 'u1' } }, options);
    assert.deepEqual(body.thinking, { type: 'enabled', budget_tokens: 2048 });
    assert.deepEqual(body.metadata, { user_id: 'u1' });
    assert.equal(body.max_tokens, 100);
  });

  it('puts a cache point that opens a message on the last block of the message before', () => {
    const { body } = convertToAnthropicMessagesRequest(
      { ...base, messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }] }, { role: 'assistant', content: [{ type: 'cache-point', ttl: '5m' }, { type: 'text', text: 'b' }] }] },
      options,
    );
    assert.deepEqual(body.messages, [
      { role: 'user', content: [{ type: 'text', text: 'a', cache_control: { type: 'ephemeral', ttl: '5m' } }] },
      { role: 'assistant', content: [{ type: 'text', text: 'b' }] },
    ]);
  });

  it('leaves out settings outside its capabilities (they reach it only when the operator allows dropping them)', () => {
    const { body } = convertToAnthropicMessagesRequest({ ...base, settings: { maxOutputTokens: 100, seed: 1, metadata: { k: 'v' } } }, options);
    assert.deepEqual(body, { model: 'claude-x', max_tokens: 100, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] });
    for (const name of ['seed', 'metadata', 'providerOptions.anthropicContent.search_result'] as const) assert.equal(anthropicCapabilities.honours.has(name), false, name);
  });

  it('sends a JSON schema as output_config.format, its name as the title where it has none, and strict tools', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };
    const { body } = convertToAnthropicMessagesRequest(
      {
        ...base,
        settings: { responseFormat: { type: 'json-schema', name: 'answer', description: 'The answer', schema, strict: false } },
        tools: [{ type: 'function', name: 'f', inputSchema: { type: 'object' }, strict: true }, { type: 'function', name: 'g', inputSchema: { type: 'object' }, strict: false }],
      },
      options,
    );
    assert.deepEqual(body.output_config, { format: { type: 'json_schema', schema: { ...schema, title: 'answer', description: 'The answer' } } });
    assert.deepEqual(body.tools, [{ name: 'f', input_schema: { type: 'object' }, strict: true }, { name: 'g', input_schema: { type: 'object' } }]);
    assert.equal(convertToAnthropicMessagesRequest({ ...base, settings: { responseFormat: { type: 'text' } } }, options).body.output_config, undefined);
  });

  it('refuses JSON mode without a schema at planning (no candidate) and in the converter', () => {
    const jsonMode: InferenceRequest = { ...base, settings: { responseFormat: { type: 'json' } } };
    assert.deepEqual(anthropicCapabilities.refuses?.(jsonMode), ['responseFormat']);
    assert.deepEqual(anthropicCapabilities.refuses?.({ ...base, settings: { responseFormat: { type: 'json-schema', name: 'n', schema: {} } } }), []);
    assert.deepEqual(anthropicCapabilities.refuses?.(base), []);
    assert.throws(() => convertToAnthropicMessagesRequest(jsonMode, options), (error: unknown) => error instanceof GeorouteError && error.param === 'responseFormat');
  });

  it('refuses what Messages cannot say, naming it', () => {
    const refused = (request: InferenceRequest, param: string) =>
      assert.throws(() => convertToAnthropicMessagesRequest(request, options), (error: unknown) => error instanceof GeorouteError && error.code === 'invalid_request' && error.param === param);
    refused({ ...base, settings: { serviceTier: 'flex' } }, 'serviceTier');
    refused({ ...base, messages: [{ role: 'assistant', content: [{ type: 'reasoning', text: 'no signature' }] }] }, 'messages[0].content[0]');
    refused({ ...base, messages: [{ role: 'user', content: [{ type: 'image', mediaType: 'image/png', source: { kind: 's3', uri: 's3://b/k' } }] }] }, 'messages[0].content[0]');
    refused({ ...base, messages: [{ role: 'user', content: [{ type: 'document', mediaType: 'application/msword', source: { kind: 'base64', data: 'AA' } }] }] }, 'messages[0].content[0]');
    refused({ ...base, system: [{ type: 'cache-point' }] }, 'system[0]');
    refused({ ...base, messages: [{ role: 'assistant', content: [{ type: 'tool-call', id: 'c', name: 'f', input: '[1]' }] }] }, 'messages[0].content[0].input');
  });

  it('property: canonical messages -> Messages -> canonical is the identity (within what the wire carries exactly)', () => {
    fc.assert(
      fc.property(canonicalMessagesArbitrary.map(anthropicSafe), (messages) => {
        const request: InferenceRequest = { system: [], messages, settings: { maxOutputTokens: 100 } };
        const { body } = convertToAnthropicMessagesRequest(request, options);
        const back = anthropicMessagesSurface.parseRequest(JSON.parse(JSON.stringify(body)) as Record<string, unknown>, { requestId: 'r' }).request;
        assert.deepEqual(back, request);
      }),
      { numRuns: 200 },
    );
  });

  it('property: stream parts -> Anthropic events -> parts keeps every block part, the finish kind and the final usage', () => {
    const renderContext = { requestId: 'r', requestedModelId: 'm', createdAt: 0, latencyMs: () => 1 };
    fc.assert(
      fc.property(canonicalStreamArbitrary, (parts) => {
        const renderer = anthropicMessagesSurface.createStreamRenderer(renderContext);
        const events = [...parts.flatMap((part) => renderer.push(part)), ...renderer.finish()];
        const back = convertEvents(events.map((event) => ({ data: JSON.parse(event.data) as Record<string, unknown> })));
        const blocks = (list: InferenceStreamPart[]) => list.filter((part) => !['usage', 'finish', 'stream-start'].includes(part.type));
        assert.deepEqual(blocks(back), blocks(parts));
        const finish = (list: InferenceStreamPart[]) => list.find((part) => part.type === 'finish');
        assert.equal(finish(back)?.type === 'finish' && finish(back)?.reason.kind, finish(parts)?.type === 'finish' && finish(parts)?.reason.kind);
        const lastUsage = (list: InferenceStreamPart[]) => list.filter((part) => part.type === 'usage').at(-1);
        assert.deepEqual(lastUsage(back), lastUsage(parts));
        assert.equal(events.filter((event) => event.eventType === 'ping').length, 1);
      }),
      { numRuns: 200 },
    );
  });
});
