import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyStructuredOutput, sampleJsonForSchema } from '../../sim/sim-structured-output.js';
import { tokenLogprob } from '../../sim/sim-logprobs.js';

describe('simulator structured output', () => {
  it('builds a value valid for the schema members models are given', () => {
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        count: { type: 'integer', minimum: 3 },
        ratio: { type: 'number' },
        ok: { type: 'boolean' },
        kind: { enum: ['a', 'b'] },
        fixed: { const: 42 },
        list: { type: 'array', items: { type: 'string' }, minItems: 2 },
        either: { anyOf: [{ type: 'null' }, { type: 'string' }] },
        nested: { type: 'object', properties: { deep: { type: ['integer', 'null'] } } },
      },
    };
    assert.deepEqual(sampleJsonForSchema(schema), { name: 'sim', count: 3, ratio: 1.5, ok: true, kind: 'a', fixed: 42, list: ['sim', 'sim'], either: null, nested: { deep: 1 } });
  });

  it('replaces a text completion by the JSON, and leaves tool calls alone', () => {
    const text = applyStructuredOutput({ kind: 'text', tokens: ['free', ' text'], finish: 'length', inputTokens: 3, outputTokens: 2 }, { type: 'object', properties: { a: { type: 'boolean' } } });
    assert.equal(text.kind === 'text' ? text.tokens.join('') : '', '{"a":true}');
    assert.equal(text.kind === 'text' ? text.finish : '', 'stop');
    const call = { kind: 'tool-call' as const, toolName: 'f', callId: '1', argumentsJson: '{}', inputTokens: 1, outputTokens: 1 };
    assert.equal(applyStructuredOutput(call, { type: 'object' }), call);
  });

  it('gives each token a deterministic log probability and the asked number of alternatives', () => {
    const first = tokenLogprob('hello', 0, 3);
    assert.deepEqual(tokenLogprob('hello', 0, 3), first);
    assert.ok(first.logprob <= 0 && first.logprob > -1);
    assert.equal(first.top_logprobs.length, 3);
    assert.equal(first.top_logprobs[0]?.token, 'hello');
    assert.deepEqual(first.bytes, [...Buffer.from('hello')]);
  });
});
