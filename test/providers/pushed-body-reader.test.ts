/**
 * PushedBodyReader with a decoder that fails (a broken frame, a body cut inside one): the failure rejects the
 * first batch or the relay, the body is destroyed, and nothing is thrown out of the body's event handlers. The
 * reading itself (order, pause, back-pressure) is tested through the SSE reader (sse-body-reader.test.ts).
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { PushedBodyReader, type BodyDecoder } from '../../src/providers/pushed-body-reader.js';

/** Items are the chunk's lines; a line `bad` is a broken item, and a body that ends after `open` was cut inside one. */
class LineDecoder implements BodyDecoder<string> {
  private open = false;
  push(chunk: Uint8Array): string[] {
    const lines = Buffer.from(chunk).toString('utf8').split('\n').filter((line) => line !== '');
    if (lines.includes('bad')) throw new Error('a broken item');
    this.open = lines.at(-1) === 'open';
    return lines.filter((line) => line !== 'open');
  }
  end(): string[] {
    if (this.open) throw new Error('the body ended inside an item');
    return [];
  }
}

function reader(): { upstream: PassThrough; reader: PushedBodyReader<string> } {
  const upstream = new PassThrough();
  return { upstream, reader: new PushedBodyReader(upstream, new LineDecoder()) };
}

describe('PushedBodyReader with a failing decoder', () => {
  it('rejects the first batch when the decoder throws on a chunk', async () => {
    const { upstream, reader: r } = reader();
    const first = r.firstBatch();
    upstream.write('bad\n');
    await assert.rejects(first, /a broken item/);
  });

  it('rejects the first batch when the body ends inside an item', async () => {
    const { upstream, reader: r } = reader();
    const first = r.firstBatch();
    upstream.end('open\n');
    await assert.rejects(first, /ended inside an item/);
  });

  it('rejects the relay and destroys the body when the decoder throws on a later chunk', async () => {
    const { upstream, reader: r } = reader();
    const firstBatch = r.firstBatch();
    upstream.write('a\n');
    const first = await firstBatch;
    const seen: string[] = [];
    const relayed = r.relay(first, (item) => void seen.push(item));
    upstream.write('b\n');
    upstream.write('bad\n');
    await assert.rejects(relayed, /a broken item/);
    assert.deepEqual(seen, ['a', 'b']);
    assert.equal(upstream.destroyed, true);
  });

  it('rejects the relay when the body ends inside an item', async () => {
    const { upstream, reader: r } = reader();
    const firstBatch = r.firstBatch();
    upstream.write('a\n');
    const relayed = r.relay(await firstBatch, () => undefined);
    upstream.end('open\n');
    await assert.rejects(relayed, /ended inside an item/);
  });

  it('throws from rest() when the decoder does, for a consumer that pulls', async () => {
    const { upstream, reader: r } = reader();
    const firstBatch = r.firstBatch();
    upstream.write('a\n');
    await firstBatch;
    upstream.end('bad\n');
    await assert.rejects(async () => {
      for await (const item of r.rest()) void item;
    }, /a broken item/);
  });
});
