import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SseDataParser } from '../../src/providers/sse-data-parser.js';

const bytes = (text: string) => new TextEncoder().encode(text);

function parseAll(chunks: readonly Uint8Array[]) {
  const parser = new SseDataParser();
  const events = chunks.flatMap((c) => parser.push(c));
  events.push(...parser.end());
  return { events, sawDone: parser.sawDone };
}

describe('SSE data parser', () => {
  it('returns each data field, joins multi-line data, accepts CRLF, ignores comments and other fields', () => {
    const { events, sawDone } = parseAll([bytes(': ping\r\nevent: x\r\ndata: {"a":1}\r\n\r\ndata: line1\ndata:line2\n\ndata: [DONE]\n\n')]);
    assert.deepEqual(events, ['{"a":1}', 'line1\nline2']);
    assert.equal(sawDone, true);
  });

  it('ignores anything after [DONE], and tells a cut stream from a clean end', () => {
    assert.deepEqual(parseAll([bytes('data: a\n\ndata: [DONE]\n\ndata: late\n\n')]).events, ['a']);
    const cut = parseAll([bytes('data: a\n\ndata: b')]);
    assert.deepEqual(cut.events, ['a', 'b'], 'a last event without its blank line still counts');
    assert.equal(cut.sawDone, false);
  });

  it('gives the same events however the body is split into chunks, multi-byte characters included', () => {
    const text = 'data: {"content":"héllo wörld 日本"}\n\ndata: {"n":2}\r\n\r\ndata: [DONE]\n\n';
    const whole = bytes(text);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: whole.length - 1 }), { maxLength: 12 }), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), whole.length];
        const chunks = points.slice(1).map((end, i) => whole.subarray(points[i], end));
        const { events, sawDone } = parseAll(chunks);
        assert.deepEqual(events, ['{"content":"héllo wörld 日本"}', '{"n":2}']);
        assert.equal(sawDone, true);
      }),
    );
  });
});
