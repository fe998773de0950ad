/**
 * isCommonAnthropicRequest is never wider than the zod schema: whatever it accepts, the schema accepts with an
 * output equal to the body (property-based, with values near the edges of the schema's rules); and it accepts the
 * simple bodies clients send, so that the check is worth having.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertNeverWiderThanSchema, edgeValues } from '../support/assert-never-wider-than-schema.js';
import { isCommonAnthropicRequest } from '../../src/surfaces/anthropic-messages/accept-common-anthropic-request.js';
import { anthropicMessagesRequestSchema, parseAnthropicMessagesRequest } from '../../src/surfaces/anthropic-messages/anthropic-messages-request-schema.js';
import { anthropicRequestBody } from '../../bench/scenarios/overhead-targets.js';

const { junk, optional, maybeJunk, rare } = edgeValues(['', 'x', 'user', 'assistant', 'text', 'image'], [0, -1, 1, 0.5, 1.5, 2, 20, 1e300]);

const textBlock = fc.record(
  {
    type: maybeJunk(fc.constant('text')),
    text: maybeJunk(fc.string({ maxLength: 6 })),
    cache_control: rare(fc.constantFrom({ type: 'ephemeral' }, { type: 'persistent' })),
    citations: rare(fc.constant([])),
  },
  { requiredKeys: ['type', 'text'] },
);
const imageBlock = fc.record({ type: fc.constant('image'), source: fc.record({ type: fc.constant('base64'), media_type: fc.constantFrom('image/png', 'image/tiff'), data: fc.constantFrom('', 'AA==') }) });
const toolUseBlock = fc.record({ type: fc.constant('tool_use'), id: fc.constantFrom('', 'tu_1'), name: fc.constant('f'), input: fc.constant({}) });
const block = fc.oneof({ weight: 6, arbitrary: textBlock }, { weight: 1, arbitrary: imageBlock }, { weight: 1, arbitrary: toolUseBlock });
const content = fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 6 }) }, { weight: 3, arbitrary: fc.array(block, { maxLength: 3 }) }, { weight: 1, arbitrary: junk });
const message = fc.record(
  { role: maybeJunk(fc.constantFrom('user', 'assistant')), content, name: rare(fc.string({ maxLength: 2 })) },
  { requiredKeys: ['role', 'content'] },
);
const messagesBody = fc.record(
  {
    model: maybeJunk(fc.constantFrom('claude-sonnet-4-5', 'm', 'x'.repeat(2049))),
    stream: rare(fc.boolean()),
    max_tokens: maybeJunk(fc.constantFrom(1, 20, 4096, 0, -1, 1.5)),
    messages: maybeJunk(fc.array(message, { minLength: 0, maxLength: 3 })),
    system: rare(fc.oneof(fc.string({ maxLength: 6 }), fc.array(textBlock, { maxLength: 2 }))),
    temperature: rare(fc.constantFrom(0, 0.5, 1, 1.01, -0.1)),
    top_p: rare(fc.constantFrom(0, 0.9, 1, 2)),
    top_k: rare(fc.constantFrom(0, 5, -1, 2.5)),
    stop_sequences: rare(fc.array(fc.constantFrom('', 'END'), { maxLength: 2 })),
    metadata: rare(fc.constant({ user_id: 'u' })),
    thinking: rare(fc.constantFrom({ type: 'enabled', budget_tokens: 2048 }, { type: 'disabled' })),
    tools: rare(fc.constant([{ name: 'f', input_schema: { type: 'object' } }])),
  },
  { requiredKeys: [] },
);
/** Bodies of the accepted shape, so that the check's yes is exercised often. */
const validBody = fc.record(
  {
    model: fc.constantFrom('claude-sonnet-4-5', 'eu.anthropic.claude-haiku'),
    max_tokens: fc.integer({ min: 1, max: 64_000 }),
    stream: optional(fc.boolean()),
    system: optional(fc.oneof(fc.string({ maxLength: 6 }), fc.array(fc.record({ type: fc.constant('text'), text: fc.string({ maxLength: 6 }) }), { maxLength: 2 }))),
    messages: fc.array(fc.record({ role: fc.constantFrom('user', 'assistant'), content: fc.oneof(fc.string({ maxLength: 6 }), fc.array(fc.record({ type: fc.constant('text'), text: fc.string({ maxLength: 6 }) }), { maxLength: 2 })) }), { minLength: 1, maxLength: 3 }),
    temperature: optional(fc.double({ min: 0, max: 1, noNaN: true })),
  },
  { requiredKeys: ['model', 'max_tokens', 'messages'] },
);

describe('isCommonAnthropicRequest (property-based against the zod schema)', () => {
  it('says yes only when the schema accepts the body and its output equals the body', () => {
    assertNeverWiderThanSchema(isCommonAnthropicRequest, anthropicMessagesRequestSchema, fc.oneof(messagesBody, validBody));
  });

  it('accepts the simple shapes: the bench body, text blocks, several turns with the sampling settings', () => {
    assert.ok(isCommonAnthropicRequest(JSON.parse(anthropicRequestBody('m', 'json'))), 'the bench body');
    assert.ok(isCommonAnthropicRequest(JSON.parse(anthropicRequestBody('m', 'stream'))), 'the bench stream body');
    assert.ok(isCommonAnthropicRequest({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      system: [{ type: 'text', text: 'You are terse.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }, { role: 'assistant', content: 'Hello.' }, { role: 'user', content: 'again' }],
      temperature: 0.2, top_p: 0.9, top_k: 40, stop_sequences: ['END'],
    }), 'text blocks and several turns');
  });

  it('leaves to the schema what it does not know, and what it refuses, with the schema\'s own error', () => {
    const base = { model: 'm', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] };
    for (const [what, body] of [
      ['a cache marker', { ...base, system: [{ type: 'text', text: 'x', cache_control: { type: 'ephemeral' } }] }],
      ['tools', { ...base, tools: [{ name: 'f', input_schema: { type: 'object' } }] }],
      ['thinking', { ...base, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 } }],
      ['an image', { ...base, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AA==' } }] }] }],
      ['metadata', { ...base, metadata: { user_id: 'u' } }],
      ['no max_tokens', { model: 'm', messages: base.messages }],
    ] as const) {
      assert.equal(isCommonAnthropicRequest(body), false, what);
    }
    assert.throws(() => parseAnthropicMessagesRequest({ ...base, temperature: 1.5 }), /temperature/);
    assert.throws(() => parseAnthropicMessagesRequest({ model: 'm', messages: base.messages }), /max_tokens/);
  });
});
