import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { StreamOutputCounter, textLengthOfEvent } from '../../src/pipeline/count-stream-output.js';
import { SseDataParser } from '../../src/upstreams/openai-compatible/sse-data-parser.js';

function framed(data: string) {
  const [event] = new SseDataParser().push(Buffer.from(`data: ${data}\n\n`));
  return event;
}

describe('stream output counting', () => {
  it('counts content, text and arguments on the frame bytes as on the text, escapes once', () => {
    const data = '{"choices":[{"delta":{"content":"he said \\"hi\\"\\n","tool_calls":[{"function":{"arguments":"{\\"a\\":1}"}}]}}]}';
    const event = framed(data);
    assert.ok(event.frame);
    assert.equal(textLengthOfEvent(event), textLengthOfEvent({ format: 'openai-chat', data }));
    assert.equal(textLengthOfEvent(event), 'he said "hi"\n'.length + '{"a":1}'.length);
  });

  it('counts characters, not UTF-8 bytes, in multi-byte text', () => {
    assert.equal(textLengthOfEvent(framed('{"content":"héllo 日本"}')), 8);
    assert.equal(textLengthOfEvent({ format: 'bedrock-invoke', chunk: Buffer.from('{"text":"日本語"}') }), 3);
  });

  it('agrees with the text count for any text in the Basic Multilingual Plane', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !/[\uD800-\uDFFF]/.test(s)), (text) => {
        const data = JSON.stringify({ choices: [{ delta: { content: text } }] });
        assert.equal(textLengthOfEvent(framed(data)), textLengthOfEvent({ format: 'openai-chat', data }));
      }),
    );
  });

  it('estimates tokens from frames: a quarter of the characters, at least one per delta', () => {
    const counter = new StreamOutputCounter();
    counter.add(framed('{"choices":[{"delta":{"content":"abcdefghij"}}],"usage":null}'));
    counter.add(framed('{"choices":[{"delta":{"role":"assistant"}}]}'));
    assert.equal(counter.estimatedTokens, 3);
    for (let i = 0; i < 5; i++) counter.add(framed('{"choices":[{"delta":{"content":"a"}}]}'));
    assert.equal(counter.estimatedTokens, 6);
  });
});
