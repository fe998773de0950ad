import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OutputTokenEstimate, outputTextLengthOfJson } from '../../src/providers/estimate-output-tokens.js';

/** The definition: each member's values found by its own search, as the estimate was first written. */
function bySearchPerMember(data: string): number {
  let total = 0;
  for (const key of ['"content":"', '"text":"', '"arguments":"', '"partial_json":"', '"thinking":"']) {
    for (let at = data.indexOf(key); at !== -1; at = data.indexOf(key, at + key.length)) {
      let length = 0;
      for (let i = at + key.length; i < data.length; i++) {
        const c = data.charCodeAt(i);
        if (c === 34) break;
        if (c === 92) i++;
        length++;
      }
      total += length;
    }
  }
  return total;
}

const member = fc.constantFrom('content', 'text', 'arguments', 'partial_json', 'thinking', 'xcontent', 'context', 'type', 'id', 'reasoning_content', '');
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 1, arbitrary: fc.constantFrom('":"', '\\"content\\":\\"x', '"text":"', 'a\\b', '\u00e9\u{1F600}') },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.dictionary(member, tie('value'), { maxKeys: 4 }) },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 3 }) },
  ),
})).value;

describe('outputTextLengthOfJson', () => {
  it('counts the characters of text, arguments, partial_json and thinking values, escapes once', () => {
    assert.equal(outputTextLengthOfJson('{"choices":[{"delta":{"content":"Hello"}}]}'), 5);
    assert.equal(outputTextLengthOfJson('{"delta":{"type":"text_delta","text":"a \\"b\\""}}'), 5);
    assert.equal(outputTextLengthOfJson('{"function":{"arguments":"{\\"x\\":1}"}}'), 7);
    assert.equal(outputTextLengthOfJson('{"reasoning_content":"no","context":"no","xcontent":"no","id":"no"}'), 0);
    assert.equal(outputTextLengthOfJson('{"usage":null}'), 0);
  });

  it('equals one search per member on any JSON text (property)', () => {
    fc.assert(
      fc.property(value, (generated) => {
        const data = JSON.stringify(generated) ?? '';
        assert.equal(outputTextLengthOfJson(data), bySearchPerMember(data), data);
      }),
      { numRuns: 3000 },
    );
  });

  it('estimates a quarter token per character, at least one per event with output', () => {
    const estimate = new OutputTokenEstimate();
    estimate.add(0);
    assert.deepEqual(estimate.snapshot(), { estimatedTokens: 0 });
    estimate.add(2);
    estimate.add(10);
    assert.equal(estimate.snapshot().estimatedTokens, 3);
    assert.equal(typeof estimate.snapshot().firstOutputAt, 'number');
  });
});
