import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertNeverWiderThanSchema } from '../../support/assert-never-wider-than-schema.js';
import { isCommonChatRequest } from '../../../src/surfaces/openai-chat/accept-common-chat-request.js';
import { chatRequestSchema, parseChatRequest } from '../../../src/surfaces/openai-chat/openai-chat-request-schema.js';
import { requestBody } from '../../../bench/scenarios/overhead-targets.js';
import { loadFixture } from '../load-wire-body-fixture.js';

// Values near the edges of the schema's rules, valid and not, so that both answers of the check are exercised.
const junk = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.constantFrom(0, -1, 1, 1.5, 2, 2.5, 20, 21, 128, 129, 1e300, -1e300),
  fc.constantFrom('', 'x', 'auto', 'none', 'low', 'text', 'function', 'user'),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string(), { maxLength: 6 }),
);
const optional = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: undefined });
const maybeJunk = <T>(value: fc.Arbitrary<T>) => fc.oneof({ weight: 15, arbitrary: value }, { weight: 1, arbitrary: junk });
/** Mostly absent, sometimes a valid value, now and then junk. */
const rare = <T>(value: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: value }, { weight: 1, arbitrary: junk });

const textPart = fc.record(
  {
    type: maybeJunk(fc.constant('text')),
    text: maybeJunk(fc.string({ maxLength: 8 })),
    extra: optional(fc.integer()),
    prompt_cache_breakpoint: rare(fc.constant({ mode: 'explicit' })),
    cache_control: rare(fc.constant({ type: 'ephemeral' })),
  },
  { requiredKeys: ['type', 'text'] },
);
const refusalPart = fc.record({ type: fc.constant('refusal'), refusal: maybeJunk(fc.string({ maxLength: 4 })) });
const imagePart = fc.record(
  {
    type: maybeJunk(fc.constant('image_url')),
    image_url: maybeJunk(
      fc.record(
        { url: maybeJunk(fc.constantFrom('', 'https://x/y.png', 'data:image/png;base64,AA==')), detail: maybeJunk(fc.constantFrom('auto', 'low', 'high', 'max')) },
        { requiredKeys: ['url'] },
      ),
    ),
  },
  { requiredKeys: ['type', 'image_url'] },
);
const content = maybeJunk(fc.oneof({ weight: 5, arbitrary: fc.string({ maxLength: 8 }) }, { weight: 2, arbitrary: fc.array(fc.oneof({ weight: 4, arbitrary: textPart }, { weight: 1, arbitrary: imagePart }, { weight: 1, arbitrary: refusalPart }), { maxLength: 3 }) }));
const toolCall = fc.record({
  id: maybeJunk(fc.constantFrom('', 'call_1')),
  type: maybeJunk(fc.constant('function')),
  function: maybeJunk(fc.record({ name: maybeJunk(fc.constantFrom('', 'get_weather')), arguments: maybeJunk(fc.constantFrom('{}', '')) })),
});
const message = fc.record(
  {
    role: maybeJunk(fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool')),
    content: fc.oneof({ weight: 9, arbitrary: content }, { weight: 1, arbitrary: fc.constant(null) }),
    name: rare(fc.string({ maxLength: 3 })),
    tool_calls: rare(fc.array(toolCall, { maxLength: 2 })),
    refusal: rare(fc.constantFrom('', 'no')),
    tool_call_id: maybeJunk(fc.constantFrom('', 'call_1')),
    cache_control: rare(fc.constant({ type: 'ephemeral', ttl: '1h' })),
    reasoning_content: rare(maybeJunk(fc.constantFrom('', 'thought'))),
    reasoning_details: rare(
      fc.array(
        fc.oneof(
          fc.record({ type: fc.constant('reasoning.text'), text: maybeJunk(fc.constant('t')), signature: maybeJunk(fc.constant('sig')), index: maybeJunk(fc.constant(0)) }, { requiredKeys: ['type'] }),
          fc.record({ type: fc.constant('reasoning.encrypted'), data: maybeJunk(fc.constantFrom('', 'ZGF0YQ==')) }, { requiredKeys: ['type'] }),
          fc.record({ type: maybeJunk(fc.constant('reasoning.summary')), summary: fc.constant('s') }),
        ),
        { maxLength: 2 },
      ),
    ),
  },
  { requiredKeys: ['role'] },
);
const tool = fc.record({
  type: maybeJunk(fc.constant('function')),
  function: maybeJunk(
    fc.record(
      {
        name: maybeJunk(fc.constantFrom('get_weather', 'bad name', 'x'.repeat(65), '')),
        description: maybeJunk(fc.string({ maxLength: 4 })),
        parameters: maybeJunk(fc.constant({ type: 'object', properties: {} })),
        strict: maybeJunk(fc.boolean()),
      },
      { requiredKeys: ['name'] },
    ),
  ),
});

const chatBody = fc.record(
  {
    model: maybeJunk(fc.constantFrom('eu.amazon.nova-2-lite-v1:0', 'gpt-4o')),
    messages: maybeJunk(fc.array(message, { minLength: 1, maxLength: 4 })),
    tools: rare(fc.array(tool, { maxLength: 2 })),
    tool_choice: rare(fc.oneof(fc.constantFrom('none', 'auto', 'required', 'any'), fc.constant({ type: 'function', function: { name: 'get_weather' } }))),
    max_tokens: rare(fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 4096 }))),
    max_completion_tokens: rare(fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 4096 }))),
    temperature: rare(fc.oneof(fc.constant(null), fc.double({ min: 0, max: 2, noNaN: true }))),
    top_p: rare(fc.oneof(fc.constant(null), fc.double({ min: 0, max: 1, noNaN: true }))),
    stop: rare(fc.oneof(fc.constant(null), fc.string({ maxLength: 3 }), fc.array(fc.string({ maxLength: 3 }), { maxLength: 6 }))),
    stream: rare(fc.oneof(fc.constant(null), fc.boolean())),
    stream_options: rare(fc.oneof(fc.constant(null), fc.record({ include_usage: rare(fc.boolean()) }, { requiredKeys: [] }))),
    n: rare(fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 128 }))),
    user: rare(fc.string({ maxLength: 3 })),
    metadata: rare(fc.constant({ team: 'a' })),
    response_format: rare(fc.constant({ type: 'json_object' })),
    seed: rare(fc.oneof(fc.constant(null), fc.integer())),
    logprobs: rare(fc.oneof(fc.constant(null), fc.boolean())),
    top_logprobs: rare(fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 20 }))),
    parallel_tool_calls: rare(fc.oneof(fc.constant(null), fc.boolean())),
    reasoning_effort: rare(fc.constantFrom(null, 'none', 'minimal', 'low', 'medium', 'high', 'max')),
    service_tier: rare(fc.oneof(fc.constant(null), fc.constantFrom('auto', 'default', 'flex'))),
    custom_member: optional(fc.anything({ maxDepth: 2 })),
  },
  { requiredKeys: ['model', 'messages'] },
);

// Bodies that are valid by construction, so that the check's 'yes' is exercised in every run, whatever the seed.
const validMessage = fc.oneof(
  fc.record({ role: fc.constantFrom('system', 'developer', 'user'), content: fc.oneof(fc.string({ maxLength: 8 }), fc.array(fc.record({ type: fc.constant('text'), text: fc.string({ maxLength: 4 }) }), { maxLength: 2 })) }),
  fc.record({ role: fc.constant('assistant'), content: fc.string({ minLength: 1, maxLength: 8 }) }),
  fc.record({ role: fc.constant('assistant'), content: fc.constant(null), tool_calls: fc.array(fc.record({ id: fc.constant('call_1'), type: fc.constant('function'), function: fc.record({ name: fc.constant('f'), arguments: fc.constant('{}') }) }), { minLength: 1, maxLength: 2 }) }),
  fc.record({ role: fc.constant('tool'), content: fc.string({ maxLength: 8 }), tool_call_id: fc.constant('call_1') }),
);
const validBody = fc.record(
  {
    model: fc.constantFrom('eu.amazon.nova-2-lite-v1:0', 'gpt-4o'),
    messages: fc.array(validMessage, { minLength: 1, maxLength: 4 }),
    max_tokens: fc.integer({ min: 1, max: 4096 }),
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    stream: fc.boolean(),
    stream_options: fc.record({ include_usage: fc.boolean() }),
    tool_choice: fc.constantFrom('none', 'auto', 'required'),
    custom_member: fc.anything({ maxDepth: 2 }),
  },
  { requiredKeys: ['model', 'messages'] },
);

describe('isCommonChatRequest (property-based against the zod schema)', () => {
  it('says yes only when the schema accepts the body and its output equals the body', () => {
    assertNeverWiderThanSchema(isCommonChatRequest, chatRequestSchema, fc.oneof(chatBody, validBody));
  });

  it('accepts the shapes clients send most: the bench body, text, system prompt, multi-turn, tools, images', () => {
    assert.ok(isCommonChatRequest(JSON.parse(requestBody('m', 'json'))), 'the bench body');
    assert.ok(isCommonChatRequest(JSON.parse(requestBody('m', 'stream'))), 'the bench stream body');
    for (const name of ['plain-text', 'system-prompt', 'multi-turn', 'tool-round-trip', 'image']) {
      assert.ok(isCommonChatRequest(loadFixture(`request-${name}.chat.json`)), name);
    }
  });

  it('leaves to the schema what it does not know, and what zod would change', () => {
    const base = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
    const leftToSchema = [
      { ...base, tool_choice: { type: 'function', function: { name: 'f' } }, tools: [{ type: 'function', function: { name: 'f' } }] },
      { ...base, response_format: { type: 'json_object' } },
      { ...base, metadata: { team: 'a' } },
      { ...base, messages: [{ role: 'assistant', content: [{ type: 'refusal', refusal: 'no' }] }] },
      { ...base, messages: [{ role: 'assistant', content: 'x', reasoning_content: 'thought' }] },
      { ...base, messages: [{ role: 'assistant', content: 'x', reasoning_details: [{ type: 'reasoning.text', text: 't', signature: 's', index: 0 }] }] },
      JSON.parse('{"model":"m","messages":[{"role":"user","content":"hi"}],"__proto__":{"x":1}}'),
      JSON.parse('{"model":"m","messages":[{"role":"user","content":"hi","__proto__":{"x":1}}]}'),
    ];
    for (const body of leftToSchema) {
      assert.equal(isCommonChatRequest(body), false, JSON.stringify(body));
      assert.doesNotThrow(() => parseChatRequest(body), 'the schema still accepts it');
    }
    // zod drops an own __proto__ member; the body the schema returns is therefore not the body itself.
    const withProto = leftToSchema[6] as Record<string, unknown>;
    assert.notEqual(parseChatRequest(withProto), withProto);
  });

  it('is the same answer as before for a bad body: the schema names the field', () => {
    assert.throws(() => parseChatRequest({ model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 3 }), /temperature/);
    assert.throws(() => parseChatRequest({ model: 'm', messages: [] }), /messages/);
  });
});
