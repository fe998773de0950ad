import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SseDataParser } from '../../src/upstreams/openai-compatible/sse-data-parser.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (frame: Uint8Array) => Buffer.from(frame).toString('utf8');

function parseAll(chunks: readonly Uint8Array[]) {
  const parser = new SseDataParser();
  const parsed = chunks.flatMap((c) => parser.push(c));
  parsed.push(...parser.end());
  return { events: parsed.map((e) => e.data), frames: parsed.map((e) => text(e.frame)), sawDone: parser.sawDone };
}

function splitAt(whole: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [0, ...[...cuts].sort((a, b) => a - b), whole.length];
  return points.slice(1).map((end, i) => whole.subarray(points[i], end));
}

describe('SSE data parser', () => {
  it('returns each data field, joins multi-line data, accepts CRLF, ignores comments and other fields', () => {
    const { events, frames, sawDone } = parseAll([bytes(': ping\r\nevent: x\r\ndata: {"a":1}\r\n\r\ndata: line1\ndata:line2\n\ndata: [DONE]\n\n')]);
    assert.deepEqual(events, ['{"a":1}', 'line1\nline2']);
    assert.deepEqual(frames, ['data: {"a":1}\n\n', 'data: line1\ndata: line2\n\n'], 'frames are re-written in the form a client reads');
    assert.equal(sawDone, true);
  });

  it('ignores anything after [DONE], and tells a cut stream from a clean end', () => {
    assert.deepEqual(parseAll([bytes('data: a\n\ndata: [DONE]\n\ndata: late\n\n')]).events, ['a']);
    const cut = parseAll([bytes('data: a\n\ndata: b')]);
    assert.deepEqual(cut.events, ['a', 'b'], 'a last event without its blank line still counts');
    assert.deepEqual(cut.frames, ['data: a\n\n', 'data: b\n\n']);
    assert.equal(cut.sawDone, false);
    const doneWithoutBlankLine = parseAll([bytes('data: a\n\ndata: [DONE]')]);
    assert.deepEqual(doneWithoutBlankLine.events, ['a']);
    assert.equal(doneWithoutBlankLine.sawDone, true);
  });

  it('keeps the edge cases of the text parser: empty data, no space after the colon, a byte-order mark', () => {
    assert.deepEqual(parseAll([bytes('data:\n\ndata:x\n\ndata: [DONE]\n\n')]).events, ['', 'x']);
    assert.deepEqual(parseAll([bytes('data:x\n\n')]).frames, ['data: x\n\n']);
    assert.deepEqual(parseAll([bytes('data: x\n\r\ndata: y\r\n\n')]).frames, ['data: x\n\n', 'data: y\n\n'], 'mixed line ends');
    assert.deepEqual(parseAll([bytes('\uFEFFdata: a\n\ndata: [DONE]\n\n')]).events, ['a']);
    assert.deepEqual(parseAll([bytes('\uFEFFdata: a')]).events, ['a']);
  });

  it('hands the upstream frame on as a view into its chunk, without a copy', () => {
    const chunk = Buffer.from('data: {"n":1}\n\ndata: {"n":2}\n\n');
    const [first, second] = new SseDataParser().push(chunk);
    assert.equal(first.frame.buffer, chunk.buffer);
    assert.equal(text(first.frame), 'data: {"n":1}\n\n');
    assert.equal(text(second.frame), 'data: {"n":2}\n\n');
    assert.equal(second.data, '{"n":2}');
  });

  it('gives the same events and frames however the body is split into chunks, multi-byte characters included', () => {
    const body = ': keep-alive\n\ndata: {"content":"héllo wörld 日本 🎉"}\n\ndata: {"n":2}\r\n\r\ndata: a\ndata: b\n\ndata: [DONE]\n\ndata: late\n\n';
    const whole = bytes(body);
    const expected = ['{"content":"héllo wörld 日本 🎉"}', '{"n":2}', 'a\nb'];
    const expectedFrames = expected.map((data) => `data: ${data.split('\n').join('\ndata: ')}\n\n`);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: whole.length - 1 }), { maxLength: 12 }), (cuts) => {
        const { events, frames, sawDone } = parseAll(splitAt(whole, cuts));
        assert.deepEqual(events, expected);
        assert.deepEqual(frames, expectedFrames);
        assert.equal(sawDone, true);
      }),
    );
  });

  it('gives the same events when cut at every single position, and byte by byte', () => {
    const whole = bytes('data: {"content":"日本語 ü 🎉"}\n\ndata: {"content":"ok"}\n\ndata: [DONE]\n\n');
    const expected = ['{"content":"日本語 ü 🎉"}', '{"content":"ok"}'];
    for (let cut = 1; cut < whole.length; cut++) {
      const { events, frames, sawDone } = parseAll(splitAt(whole, [cut]));
      assert.deepEqual(events, expected, `cut at ${cut}`);
      assert.deepEqual(frames, expected.map((data) => `data: ${data}\n\n`), `cut at ${cut}`);
      assert.equal(sawDone, true);
    }
    const oneByteChunks = Array.from(whole, (_, i) => whole.subarray(i, i + 1));
    assert.deepEqual(parseAll(oneByteChunks).events, expected);
  });

  it('agrees with a reference text parser on arbitrary bodies', () => {
    const line = fc.oneof(
      fc.constantFrom('', ': comment', 'event: x', 'id: 1', 'data: [DONE]', 'data:', 'data: ', 'data', '\r'),
      fc.string({ unit: 'grapheme', maxLength: 8 }).map((s) => `data: ${s.replace(/[\r\n]/g, '')}`),
      fc.string({ maxLength: 8 }).map((s) => `data:${s.replace(/[\r\n]/g, '')}`),
    );
    const eol = fc.constantFrom('\n', '\r\n');
    const bodyArb = fc.tuple(fc.array(fc.tuple(line, eol), { maxLength: 12 }), fc.boolean());
    fc.assert(
      fc.property(bodyArb, fc.array(fc.nat(), { maxLength: 6 }), ([lines, trailing], cutSeeds) => {
        const body = lines.map(([text, end]) => text + end).join('').slice(0, trailing || lines.length === 0 ? undefined : -lines[lines.length - 1][1].length);
        const whole = bytes(body);
        const cuts = whole.length > 1 ? [...new Set(cutSeeds.map((n) => 1 + (n % (whole.length - 1))))] : [];
        const got = parseAll(splitAt(whole, cuts));
        const want = referenceParse(body);
        assert.deepEqual(got.events, want.events);
        assert.equal(got.sawDone, want.sawDone);
        assert.deepEqual(got.frames, want.events.map((data) => `data: ${data.split('\n').join('\ndata: ')}\n\n`));
      }),
    );
  });
});

/** The parser as it was on text (TextDecoder), kept as the reference for the byte parser's semantics. */
function referenceParse(body: string): { events: string[]; sawDone: boolean } {
  const events: string[] = [];
  let data: string[] = [];
  const lines = body.split('\n');
  const rest = lines.pop() ?? '';
  for (let line of lines) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '') {
      if (data.length > 0) {
        const event = data.join('\n');
        data = [];
        if (event === '[DONE]') return { events, sawDone: true };
        events.push(event);
      }
    } else if (line.startsWith('data:')) {
      data.push(line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5));
    }
  }
  const trimmed = rest.trim();
  if (trimmed.startsWith('data:')) data.push(trimmed.slice(5).trim());
  const last = data.join('\n');
  if (last === '[DONE]') return { events, sawDone: true };
  if (last !== '') events.push(last);
  return { events, sawDone: false };
}
