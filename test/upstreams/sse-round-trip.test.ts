/** What the OpenAI writer emits, parsed back by the same SSE parser the upstream adapter uses, is what came in. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { sseDataFrame } from '../../src/surfaces/openai-chat/openai-response-writer.js';
import { SseDataParser } from '../../src/providers/sse-data-parser.js';

describe('SSE frames written to clients', () => {
  it('keep multi-line data intact (each line its own data: field)', () => {
    assert.equal(sseDataFrame('a\nb'), 'data: a\ndata: b\n\n');
    assert.equal(sseDataFrame('{"x":1}'), 'data: {"x":1}\n\n');
  });

  it('round-trip any data without carriage returns through the parser', () => {
    fc.assert(
      fc.property(fc.array(fc.string().filter((s) => !s.includes('\r') && s !== '[DONE]' && s !== ''), { minLength: 1, maxLength: 5 }), (events) => {
        const parser = new SseDataParser();
        const parsed = parser.push(new TextEncoder().encode(events.map(sseDataFrame).join('')));
        assert.deepEqual(parsed, events);
      }),
    );
  });
});
