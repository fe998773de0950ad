/** Reading a request body on a real node:http server: whole, over the limit (a 413 on a connection that still works), cut off. */
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { GeorouteError } from '../../src/errors/error-catalog.js';
import { readRequestBody } from '../../src/server/read-request-body.js';

const LIMIT = 64 * 1024;

describe('readRequestBody', { timeout: 5_000 }, () => {
  let server: Server;
  let port: number;
  /** What each request's read ended with, by the request's x-case header. */
  const outcomes = new Map<string, { body?: Buffer; error?: unknown }>();
  const settled = new Map<string, () => void>();
  const settledOf = (name: string) => new Promise<void>((resolve) => settled.set(name, resolve));

  before(async () => {
    server = createServer((request: IncomingMessage, response) => {
      const name = String(request.headers['x-case']);
      const read = async () => {
        // Paused before reading, as a handler that looked at the headers first may leave it.
        if (name === 'paused') request.pause();
        if (name === 'late') await new Promise((resolve) => setTimeout(resolve, 50));
        return readRequestBody(request, LIMIT);
      };
      read().then(
        (body) => {
          outcomes.set(name, { body });
          response.end(`read ${body.length}`);
        },
        (error: unknown) => {
          outcomes.set(name, { error });
          if (!response.destroyed) {
            response.statusCode = error instanceof GeorouteError && error.code === 'payload_too_large' ? 413 : 400;
            response.end('refused');
          }
        },
      ).finally(() => settled.get(name)?.());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const send = (name: string, pieces: readonly Buffer[]) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/', agent: false, headers: { 'x-case': name, 'transfer-encoding': 'chunked' } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      for (const piece of pieces) req.write(piece);
      req.end();
    });

  it('joins a body sent in several chunks, byte for byte', async () => {
    const pieces = [Buffer.from('{"a":'), Buffer.from('"é'), Buffer.from('"}')];
    const answer = await send('chunks', pieces);
    assert.deepEqual(answer, { status: 200, text: `read ${Buffer.concat(pieces).length}` });
    assert.equal(outcomes.get('chunks')?.body?.toString('utf8'), '{"a":"é"}');
  });

  it('reads a request that was paused before, and one read after its body arrived', async () => {
    assert.equal((await send('paused', [Buffer.from('x'.repeat(1000))])).text, 'read 1000');
    assert.equal((await send('late', [Buffer.from('y'.repeat(10))])).text, 'read 10');
  });

  it('refuses a chunked body past the limit with payload_too_large and still answers on the connection', async () => {
    const pieces = Array.from({ length: 6 }, () => Buffer.alloc(16 * 1024, 0x61));
    const answer = await send('oversized', pieces);
    assert.deepEqual(answer, { status: 413, text: 'refused' });
    const error = outcomes.get('oversized')?.error;
    assert.ok(error instanceof GeorouteError && error.code === 'payload_too_large', String(error));
  });

  it('refuses a declared length past the limit before reading', async () => {
    const done = settledOf('declared');
    const socket = connect(port, '127.0.0.1');
    socket.write(`POST / HTTP/1.1\r\nHost: x\r\nx-case: declared\r\nContent-Length: ${LIMIT + 1}\r\n\r\n`);
    await done;
    socket.destroy();
    const error = outcomes.get('declared')?.error;
    assert.ok(error instanceof GeorouteError && error.code === 'payload_too_large', String(error));
  });

  it('ends with client_closed when the client goes away in the middle of the body', async () => {
    const done = settledOf('cut');
    const socket = connect(port, '127.0.0.1');
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nx-case: cut\r\nContent-Length: 1000\r\n\r\n{"partial":');
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await done;
    const error = outcomes.get('cut')?.error;
    assert.ok(error instanceof GeorouteError && error.code === 'client_closed', String(error));
  });
});
