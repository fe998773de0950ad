/**
 * SseBodyReader over a body that the test writes chunk by chunk (a PassThrough, the Readable shape undici's body
 * has): the first batch and the pause after it, the relay's order and back-pressure, and each way a body can fail
 * (an error between the reads, a sink that throws, a close before the end). The end-to-end stream tests run it
 * behind real undici bodies.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { SseBodyReader } from '../../src/providers/sse-body-reader.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

function body(): PassThrough {
  return new PassThrough();
}

/** A reader whose first batch came with `firstChunk`. */
async function afterFirstBatch(firstChunk = 'data: 1\n\n'): Promise<{ upstream: PassThrough; reader: SseBodyReader; first: string[] }> {
  const upstream = body();
  const reader = new SseBodyReader(upstream);
  const first = reader.firstBatch();
  upstream.write(firstChunk);
  return { upstream, reader, first: await first };
}

describe('SseBodyReader', () => {
  it('reads to the first chunk that completes an event, then pauses the body', async () => {
    const upstream = body();
    const reader = new SseBodyReader(upstream);
    const first = reader.firstBatch();
    upstream.write('data: a\n');
    upstream.write('\ndata: b\n\n');
    assert.deepEqual(await first, ['a', 'b']);
    upstream.write('data: c\n\n');
    await tick();
    assert.equal(upstream.isPaused(), true);
    assert.ok(upstream.readableLength > 0, 'the next chunk waits in the body, unread');
  });

  it('relays the first batch, then every later event in order, and resolves at the end', async () => {
    const { upstream, reader, first } = await afterFirstBatch();
    const seen: string[] = [];
    const relayed = reader.relay(first, (data) => void seen.push(data));
    upstream.write('data: 2\n\ndata: 3\n\n');
    upstream.end('data: [DONE]\n\n');
    await relayed;
    assert.deepEqual(seen, ['1', '2', '3']);
    assert.equal(reader.parser.sawDone, true);
  });

  it('delivers a last event that no blank line closed, and ends without [DONE] if none came', async () => {
    const { upstream, reader, first } = await afterFirstBatch();
    const seen: string[] = [];
    const relayed = reader.relay(first, (data) => void seen.push(data));
    upstream.end('data: 2');
    await relayed;
    assert.deepEqual(seen, ['1', '2']);
    assert.equal(reader.parser.sawDone, false);
  });

  it('pauses the body while a delivery waits, and resolves only once the last wait is over', async () => {
    const { upstream, reader, first } = await afterFirstBatch();
    let release!: () => void;
    const seen: string[] = [];
    let done = false;
    const relayed = reader
      .relay(first, (data) => {
        seen.push(data);
        if (data === '2') return new Promise<void>((resolve) => (release = resolve));
      })
      .then(() => (done = true));
    upstream.write('data: 2\n\n');
    await tick();
    assert.equal(upstream.isPaused(), true, 'paused while the socket is full');
    upstream.end('data: 3\n\ndata: [DONE]\n\n');
    await tick();
    assert.deepEqual(seen, ['1', '2'], 'nothing more is read while paused');
    assert.equal(done, false);
    release();
    await relayed;
    assert.deepEqual(seen, ['1', '2', '3']);
  });

  it('rejects with what the sink threw, and destroys the body', async () => {
    const { upstream, reader, first } = await afterFirstBatch('data: ok\n\n');
    const relayed = reader.relay(first, (data) => {
      if (data === 'bad') throw new Error('an error chunk');
    });
    upstream.write('data: bad\n\n');
    await assert.rejects(relayed, /an error chunk/);
    assert.equal(upstream.destroyed, true);
  });

  it('keeps an error between the first batch and the relay (never uncaught) and rejects the relay with it', async () => {
    const { upstream, reader, first } = await afterFirstBatch();
    upstream.destroy(new Error('connection reset'));
    await tick();
    await assert.rejects(reader.relay(first, () => undefined), /connection reset/);
  });

  it('rejects a body closed before its end without an error', async () => {
    const { upstream, reader, first } = await afterFirstBatch();
    const relayed = reader.relay(first, () => undefined);
    upstream.destroy();
    await assert.rejects(relayed, /closed before its end/);
  });

  it('relays a body that ended within its first batch', async () => {
    const upstream = body();
    const reader = new SseBodyReader(upstream);
    const first = reader.firstBatch();
    upstream.end('data: only\n\ndata: [DONE]\n\n');
    const batch = await first;
    const seen: string[] = [];
    await reader.relay(batch, (data) => void seen.push(data));
    assert.deepEqual(seen, ['only']);
    assert.equal(reader.parser.sawDone, true);
  });

  it('relays a body whose end came inside the first batch (its one event closed by the end, not a blank line)', async () => {
    const upstream = body();
    const reader = new SseBodyReader(upstream);
    const first = reader.firstBatch();
    upstream.end('data: last');
    const batch = await first;
    assert.equal(upstream.readableEnded, true);
    const seen: string[] = [];
    await reader.relay(batch, (data) => void seen.push(data));
    assert.deepEqual(seen, ['last']);
  });

  it('gives the later events to a consumer that pulls', async () => {
    const { upstream, reader, first } = await afterFirstBatch();
    assert.deepEqual(first, ['1']);
    upstream.write('data: 2\n\n');
    upstream.end('data: 3\n\n');
    const rest: string[] = [];
    for await (const data of reader.rest()) rest.push(data);
    assert.deepEqual(rest, ['2', '3']);
  });

  it('rejects the first batch with the body’s error', async () => {
    const upstream = body();
    const reader = new SseBodyReader(upstream);
    const first = reader.firstBatch();
    upstream.destroy(new Error('refused'));
    await assert.rejects(first, /refused/);
  });
});
