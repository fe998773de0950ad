import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  countInputTokens,
  createSeededRandom,
  generateDeterministicText,
  naturalLengthRange,
} from '../../sim/deterministic-text.js';
import { completePrompt } from '../../sim/sim-completion.js';

describe('deterministic text', () => {
  test('the same seed gives the same tokens; tokens join into the text', () => {
    const a = generateDeterministicText('hello', 1000);
    const b = generateDeterministicText('hello', 1000);
    assert.deepEqual(a, b);
    assert.equal(a.finish, 'stop');
    assert.ok(a.tokens.length >= naturalLengthRange.min && a.tokens.length <= naturalLengthRange.max);
    assert.ok(a.tokens.slice(1).every((t) => t.startsWith(' ') && !t.slice(1).includes(' ')));
    assert.match(a.tokens.join(''), /^[A-Z][a-z]*( [a-z]+)*\.$/);
  });

  test('different seeds give different answers (over many seeds)', () => {
    const texts = new Set(Array.from({ length: 50 }, (_, i) => generateDeterministicText(`prompt ${i}`, 1000).tokens.join('')));
    assert.ok(texts.size >= 49);
  });

  test('a lower max token count cuts a prefix and reports length', () => {
    const whole = generateDeterministicText('a question', 1000);
    const cut = generateDeterministicText('a question', 2);
    assert.equal(cut.finish, 'length');
    assert.deepEqual(cut.tokens, whole.tokens.slice(0, 2));
  });

  test('seeded random is reproducible and in [0, 1)', () => {
    const r1 = createSeededRandom(42);
    const r2 = createSeededRandom(42);
    const values = Array.from({ length: 100 }, () => r1());
    assert.deepEqual(values, Array.from({ length: 100 }, () => r2()));
    assert.ok(values.every((v) => v >= 0 && v < 1));
  });

  test('input tokens are ceil(characters / 4), at least 1', () => {
    assert.equal(countInputTokens([]), 1);
    assert.equal(countInputTokens(['abcd']), 1);
    assert.equal(countInputTokens(['abcd', 'e']), 2);
    assert.equal(countInputTokens(['x'.repeat(400)]), 100);
  });

  test('a tool call only when a tool is offered and the last user message mentions weather', () => {
    const base = { texts: ['What is the weather?'], maxTokens: 64 };
    assert.equal(completePrompt({ ...base, firstToolName: 'get_weather', lastUserMessageMentionsWeather: true }).kind, 'tool-call');
    assert.equal(completePrompt({ ...base, lastUserMessageMentionsWeather: true }).kind, 'text');
    assert.equal(completePrompt({ ...base, firstToolName: 'get_weather', lastUserMessageMentionsWeather: false }).kind, 'text');
  });
});
