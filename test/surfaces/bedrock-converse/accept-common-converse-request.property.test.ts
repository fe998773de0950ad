/**
 * isCommonConverseRequest is never wider than the zod schema: whatever it accepts, the schema accepts with an
 * output equal to the body (property-based, with values near the edges of the schema's rules); and it accepts the
 * bodies clients send most, so that the check is worth having.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { assertNeverWiderThanSchema, edgeValues } from '../../support/assert-never-wider-than-schema.js';
import { isCommonConverseRequest } from '../../../src/surfaces/bedrock-converse/accept-common-converse-request.js';
import { converseRequestSchema, parseConverseRequest } from '../../../src/surfaces/bedrock-converse/converse-request-schema.js';
import { converseRequestBody } from '../../../bench/scenarios/overhead-targets.js';

const { optional, maybeJunk, rare } = edgeValues(['', 'x', 'user', 'assistant', 'system', 'text'], [0, -1, 1, 0.5, 1.5, 2, 20, 1e300, -0]);

const textBlock = fc.record(
  { text: maybeJunk(fc.string({ maxLength: 6 })), cachePoint: rare(fc.constant({ type: 'default' })), extra: rare(fc.integer()) },
  { requiredKeys: ['text'] },
);
const imageBlock = fc.record({ image: fc.record({ format: fc.constantFrom('png', 'tiff'), source: fc.record({ bytes: fc.constantFrom('', 'AA==') }) }) });
const block = fc.oneof({ weight: 6, arbitrary: textBlock }, { weight: 1, arbitrary: imageBlock }, { weight: 1, arbitrary: fc.constant({}) });
const message = fc.record(
  {
    role: maybeJunk(fc.constantFrom('user', 'assistant', 'system')),
    content: maybeJunk(fc.array(block, { maxLength: 3 })),
    extra: rare(fc.string({ maxLength: 2 })),
  },
  { requiredKeys: ['role', 'content'] },
);
const inferenceConfig = fc.record({
  maxTokens: rare(fc.constantFrom(1, 20, 0, -1, 1.5, 4096)),
  temperature: rare(fc.constantFrom(0, 0.5, 1, 1.01, -0.1)),
  topP: rare(fc.constantFrom(0, 0.9, 1, 2)),
  stopSequences: rare(fc.array(fc.constantFrom('', 'END', '\n'), { maxLength: 3 })),
  extra: rare(fc.integer()),
});
const converseBody = fc.record(
  {
    messages: maybeJunk(fc.array(message, { minLength: 0, maxLength: 3 })),
    system: rare(fc.array(fc.oneof({ weight: 5, arbitrary: textBlock }, { weight: 1, arbitrary: fc.constant({ cachePoint: { type: 'default' } }) }), { maxLength: 2 })),
    inferenceConfig: rare(inferenceConfig),
    toolConfig: rare(fc.constant({ tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: {} } } }] })),
    requestMetadata: rare(fc.constant({ team: 'a' })),
  },
  { requiredKeys: [] },
);
/** Bodies of the accepted shape, so that the check's yes is exercised often. */
const validBody = fc.record(
  {
    messages: fc.array(fc.record({ role: fc.constantFrom('user', 'assistant'), content: fc.array(fc.record({ text: fc.string({ maxLength: 6 }) }), { minLength: 1, maxLength: 2 }) }), { minLength: 1, maxLength: 3 }),
    system: optional(fc.array(fc.record({ text: fc.string({ maxLength: 6 }) }), { minLength: 1, maxLength: 2 })),
    inferenceConfig: optional(fc.record({ maxTokens: fc.integer({ min: 1, max: 8192 }), temperature: fc.double({ min: 0, max: 1, noNaN: true }) }, { requiredKeys: [] })),
  },
  { requiredKeys: ['messages'] },
);

describe('isCommonConverseRequest (property-based against the zod schema)', () => {
  it('says yes only when the schema accepts the body and its output equals the body', () => {
    assertNeverWiderThanSchema(isCommonConverseRequest, converseRequestSchema, fc.oneof(converseBody, validBody));
  });

  it('accepts the shapes clients send most: the bench body, text, a system prompt, several turns', () => {
    assert.ok(isCommonConverseRequest(JSON.parse(converseRequestBody('m', 'json'))), 'the bench body');
    assert.ok(isCommonConverseRequest({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] }), 'one text message');
    assert.ok(isCommonConverseRequest({
      system: [{ text: 'You are terse.' }],
      messages: [{ role: 'user', content: [{ text: 'hi' }] }, { role: 'assistant', content: [{ text: 'Hello.' }] }, { role: 'user', content: [{ text: 'again' }] }],
      inferenceConfig: { maxTokens: 256, temperature: 0.2, topP: 0.9, stopSequences: ['END'] },
    }), 'a system prompt and several turns');
  });

  it('leaves to the schema what it does not know, and what it refuses, with the schema\'s own error', () => {
    const base = { messages: [{ role: 'user', content: [{ text: 'hi' }] }] };
    for (const [what, body] of [
      ['an image block', { messages: [{ role: 'user', content: [{ image: { format: 'png', source: { bytes: 'AA==' } } }] }] }],
      ['a cache point', { messages: [{ role: 'user', content: [{ text: 'hi' }, { cachePoint: { type: 'default' } }] }] }],
      ['tools', { ...base, toolConfig: { tools: [{ toolSpec: { name: 'f', inputSchema: { json: {} } } }] } }],
      ['an unknown member', { ...base, requestMetadata: { team: 'a' } }],
      ['a setting out of range', { ...base, inferenceConfig: { temperature: 1.5 } }],
    ] as const) {
      assert.equal(isCommonConverseRequest(body), false, what);
    }
    assert.throws(() => parseConverseRequest({ ...base, inferenceConfig: { temperature: 1.5 } }), /temperature/);
    assert.throws(() => parseConverseRequest({ messages: [] }), /at least one message/);
  });

  it('accepts the surface fixture as the schema parses it', () => {
    const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/converse-request.json', import.meta.url), 'utf8')) as unknown;
    assert.deepStrictEqual(parseConverseRequest(fixture), converseRequestSchema.parse(fixture));
  });
});
