import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { CoalescingStreamWriter } from '../../src/server/coalescing-stream-writer.js';
import type { OutboundResponse } from '../../src/server/http-exchange.js';

class FakeResponse extends EventEmitter {
  writes: string[] = [];
  ended?: string;
  accept = true;
  headersSent = true;
  writableFinished = false;
  writeHead(): this {
    return this;
  }
  write(chunk: string | Uint8Array): boolean {
    this.writes.push(String(chunk));
    return this.accept;
  }
  end(chunk?: string | Uint8Array): this {
    this.ended = chunk === undefined ? '' : String(chunk);
    return this;
  }
  destroy(): this {
    return this;
  }
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('coalescing stream writer', () => {
  it('sends the events of one turn in one write, in order', async () => {
    const response = new FakeResponse();
    const writer = new CoalescingStreamWriter(response as unknown as OutboundResponse);
    await writer.write('a');
    await writer.write('b');
    await writer.write('c');
    assert.deepEqual(response.writes, [], 'nothing is written before the turn ends');
    await turn();
    assert.deepEqual(response.writes, ['abc']);
    await writer.write('d');
    writer.end('[end]');
    assert.equal(response.ended, 'd[end]', 'end carries what was pending');
  });

  it('a drain that comes before the next event is not missed (the stream does not hang)', async () => {
    const response = new FakeResponse();
    response.accept = false;
    const writer = new CoalescingStreamWriter(response as unknown as OutboundResponse);
    await writer.write('a'.repeat(100));
    await turn();
    // The client reads what was refused before the upstream sends its next event.
    response.accept = true;
    response.emit('drain');
    await turn();
    await writer.write('b');
    await turn();
    assert.deepEqual(response.writes, ['a'.repeat(100), 'b']);
  });

  it('waits for drain once the socket refused a write', async () => {
    const response = new FakeResponse();
    response.accept = false;
    const writer = new CoalescingStreamWriter(response as unknown as OutboundResponse);
    await writer.write('a');
    await turn();
    let resolved = false;
    const next = Promise.resolve(writer.write('b')).then(() => (resolved = true));
    await turn();
    assert.equal(resolved, false, 'held until drain');
    response.accept = true;
    response.emit('drain');
    await next;
    await turn();
    assert.deepEqual(response.writes, ['a', 'b']);
  });

  it('flushes early when a turn builds up more than 64 KiB', async () => {
    const response = new FakeResponse();
    const writer = new CoalescingStreamWriter(response as unknown as OutboundResponse);
    const big = 'x'.repeat(40_000);
    await writer.write(big);
    await writer.write(big);
    assert.equal(response.writes.length, 1, 'written without waiting for the end of the turn');
    assert.equal(response.writes[0].length, 80_000);
  });
});
