/**
 * Slow and idle connections are closed on both protocols, and normal clients are served meanwhile:
 * connections that send nothing (bounded in number, then timed out), HTTP/1.1 heads and bodies trickled a byte
 * at a time, idle keep-alive connections, HTTP/2 sessions that never open a stream, HTTP/2 request bodies never
 * finished, idle HTTP/2 sessions. A slow *answer* is not a slow client: it is never cut.
 */
import assert from 'node:assert/strict';
import { connect as connectH2, type ClientHttp2Session } from 'node:http2';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { sendOpenAiError } from '../../src/surfaces/openai-chat/send-openai-error.js';
import type { HttpHandler } from '../../src/server/http-exchange.js';
import { startListener, type ConnectionLimits, type ListenerOptions, type RunningListener } from '../../src/server/http-listener.js';
import { H2_PREFACE } from '../../src/server/protocol-sniffer.js';
import { openRawConnection, sleep, within, type RawConnection } from './raw-connection.js';

const handler: HttpHandler = async (exchange) => {
  try {
    for await (const _ of exchange.request as AsyncIterable<Buffer>) void _;
  } catch {
    return; // the client was cut off while sending
  }
  if (exchange.path === '/slow-answer') await sleep(1_500);
  if (exchange.response.headersSent || exchange.response.writableFinished) return;
  exchange.response.writeHead(200, { 'content-type': 'text/plain' });
  exchange.response.end(`ok ${exchange.path}`);
};

function options(connections: ConnectionLimits): ListenerOptions {
  return {
    host: '127.0.0.1',
    port: 0,
    connections,
    onUnhandledError: () => undefined,
    answerMalformed: (_path, response, requestId, error) => sendOpenAiError(response, error, { 'x-request-id': requestId }),
  };
}

/** Sends `bytes` one at a time, every `everyMs`, until the connection closes. */
function trickle(connection: RawConnection, bytes: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (connection.isClosed()) return clearInterval(timer);
    connection.send(bytes[i++ % bytes.length]);
  }, everyMs);
  void connection.closed.then(() => clearInterval(timer));
}

function h2Get(session: ClientHttp2Session, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':method': 'GET', ':path': path });
    let status = 0;
    let body = '';
    stream.on('response', (headers) => (status = Number(headers[':status'])));
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (body += chunk));
    stream.on('end', () => resolve({ status, body }));
    stream.on('error', reject);
  });
}

describe('http listener: slow and idle connections', () => {
  let listener: RunningListener;
  before(async () => {
    listener = await startListener(handler, options({ headersTimeoutMs: 400, requestTimeoutMs: 800, idleTimeoutMs: 600, maxPending: 64 }));
  });
  after(() => listener.close());

  it('closes every kind of slow connection while normal clients are served', async () => {
    const silent = await Promise.all(Array.from({ length: 20 }, () => openRawConnection(listener.port)));
    const slowHeads = await Promise.all(Array.from({ length: 10 }, () => openRawConnection(listener.port)));
    for (const c of slowHeads) {
      c.send('GET /slow-head HTTP/1.1\r\nHost: a\r\n');
      trickle(c, 'X-Slow: 1\r\n', 50);
    }
    const slowBodies = await Promise.all(Array.from({ length: 5 }, () => openRawConnection(listener.port)));
    for (const c of slowBodies) {
      c.send('POST /slow-body HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n');
      trickle(c, '{', 50);
    }
    const idleKeepAlive = await Promise.all(Array.from({ length: 5 }, () => openRawConnection(listener.port)));
    for (const c of idleKeepAlive) c.send('GET /once HTTP/1.1\r\nHost: a\r\n\r\n');
    const silentH2 = await Promise.all(Array.from({ length: 5 }, () => openRawConnection(listener.port)));
    for (const c of silentH2) c.send(Buffer.concat([H2_PREFACE, Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]));

    // An HTTP/2 request whose body never ends, and an HTTP/2 session left idle after one request.
    const unfinished = connectH2(listener.url);
    unfinished.on('error', () => undefined);
    const upload = unfinished.request({ ':method': 'POST', ':path': '/h2-slow-body' });
    upload.on('error', () => undefined);
    upload.write('{');
    const uploadClosed = new Promise<number>((resolve) => upload.once('close', () => resolve(upload.rstCode)));
    const idleH2 = connectH2(listener.url);
    idleH2.on('error', () => undefined);
    assert.equal((await h2Get(idleH2, '/h2-once')).status, 200);
    const idleH2Closed = new Promise<void>((resolve) => idleH2.once('close', () => resolve()));

    // Normal clients, on both protocols, all the while; and slow answers, which are not cut.
    const normal = connectH2(listener.url);
    try {
      const slowAnswers = Promise.all([
        request(`${listener.url}/slow-answer`).then(async (r) => [r.statusCode, await r.body.text()]),
        h2Get(normal, '/slow-answer').then((r) => [r.status, r.body]),
      ]);
      for (let round = 0; round < 10; round++) {
        const h1 = await request(`${listener.url}/normal-${round}`, { method: 'POST', body: '{}' });
        assert.equal(h1.statusCode, 200);
        assert.equal(await h1.body.text(), `ok /normal-${round}`);
        assert.deepEqual(await h2Get(normal, `/normal-h2-${round}`), { status: 200, body: `ok /normal-h2-${round}` });
        await sleep(50);
      }
      assert.deepEqual(await slowAnswers, [[200, 'ok /slow-answer'], [200, 'ok /slow-answer']]);
    } finally {
      normal.close();
    }

    const all = [...silent, ...slowHeads, ...slowBodies, ...idleKeepAlive, ...silentH2];
    await within('every slow raw connection closed', 10_000, Promise.all(all.map((c) => c.closed)));
    for (const c of slowHeads) assert.match(c.received().toString('latin1'), /^HTTP\/1\.1 408 /, 'a trickled head gets 408');
    for (const c of slowBodies) assert.match(c.received().toString('latin1'), /^HTTP\/1\.1 408 /, 'a trickled body gets 408');
    for (const c of idleKeepAlive) assert.match(c.received().toString('latin1'), /^HTTP\/1\.1 200 /, 'the idle one was served first');
    for (const c of silent) assert.equal(c.received().length, 0);
    assert.notEqual(await within('the unfinished HTTP/2 upload reset', 10_000, uploadClosed), 0, 'reset, not completed');
    await within('the idle HTTP/2 session closed', 10_000, idleH2Closed);
    unfinished.destroy();
  });
});

describe('http listener: connections that have sent nothing are bounded in number', () => {
  let listener: RunningListener;
  before(async () => {
    // A headers timeout far beyond the test: only the bound can close these.
    listener = await startListener(handler, options({ headersTimeoutMs: 60_000, requestTimeoutMs: 60_000, idleTimeoutMs: 60_000, maxPending: 8 }));
  });
  after(() => listener.close());

  it('keeps at most maxPending of them, closing the oldest first, and still serves a new client', async () => {
    const silent: RawConnection[] = [];
    for (let i = 0; i < 20; i++) {
      silent.push(await openRawConnection(listener.port));
      await sleep(5); // arrival order is the eviction order
    }
    await within('the oldest twelve closed', 5_000, Promise.all(silent.slice(0, 12).map((c) => c.closed)));
    await sleep(100);
    assert.deepEqual(silent.map((c) => c.isClosed()), [...Array(12).fill(true), ...Array(8).fill(false)]);
    const served = await request(`${listener.url}/new`, { method: 'GET' });
    assert.equal(served.statusCode, 200);
    await served.body.text();
    await within('one more silent one gave way', 5_000, silent[12].closed);
    for (const c of silent) c.socket.destroy();
  });
});
