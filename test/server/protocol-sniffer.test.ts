/**
 * The protocol of a cleartext connection is decided only once its bytes diverge from the HTTP/2 preface or hold
 * all of it: a first segment of `P` (or `PRI `) followed by an HTTP/1.1 request is HTTP/1.1, and a preface split
 * over several segments is still HTTP/2.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:http2';
import { after, before, describe, it } from 'node:test';
import { H2_PREFACE, sniffProtocol } from '../../src/server/protocol-sniffer.js';
import { startListener, type RunningListener } from '../../src/server/http-listener.js';
import type { HttpHandler } from '../../src/server/http-exchange.js';
import { sendOpenAiError } from '../../src/surfaces/openai-chat/send-openai-error.js';
import { openRawConnection, sleep, within } from './raw-connection.js';

const hello: HttpHandler = async (exchange) => {
  for await (const _ of exchange.request as AsyncIterable<Buffer>) void _;
  exchange.response.writeHead(200, { 'content-type': 'text/plain', connection: 'close' });
  exchange.response.end(`hello ${exchange.request.method} ${exchange.path} over ${exchange.request.httpVersion}`);
};

describe('sniffProtocol', () => {
  it('waits while the bytes are a proper prefix of the preface', () => {
    for (const head of ['', 'P', 'PR', 'PRI ', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r']) assert.equal(sniffProtocol(Buffer.from(head, 'latin1')), undefined, JSON.stringify(head));
  });
  it('decides HTTP/1.1 as soon as the bytes diverge, HTTP/2 once the whole preface is there', () => {
    for (const head of ['G', 'POST / HTTP/1.1', 'PRI * HTTP/1.1\r\n', 'PUT', '\x16\x03\x01']) assert.equal(sniffProtocol(Buffer.from(head, 'latin1')), 'http/1.1', JSON.stringify(head));
    assert.equal(sniffProtocol(H2_PREFACE), 'h2');
    assert.equal(sniffProtocol(Buffer.concat([H2_PREFACE, Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])])), 'h2');
  });
});

describe('http listener: protocol detection over raw sockets', () => {
  let listener: RunningListener;
  before(async () => {
    listener = await startListener(hello, {
      host: '127.0.0.1',
      port: 0,
      onUnhandledError: () => undefined,
      answerMalformed: (_path, response, requestId, error) => sendOpenAiError(response, error, { 'x-request-id': requestId }),
    });
  });
  after(() => listener.close());

  for (const first of ['P', 'PRI ', 'PO']) {
    it(`takes a first segment of ${JSON.stringify(first)} followed by an HTTP/1.1 request for HTTP/1.1`, async () => {
      const connection = await openRawConnection(listener.port);
      connection.socket.setNoDelay(true);
      connection.send(first);
      await sleep(50); // a segment of its own
      const request = 'POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n';
      connection.send(first === 'PRI ' ? 'PRI * HTTP/1.1\r\nHost: a\r\n\r\n'.slice(4) : request.slice(first.length));
      await within('the answer', 5_000, connection.closed);
      const text = connection.received().toString('latin1');
      assert.match(text, /^HTTP\/1\.1 /, 'an HTTP/1.1 answer, not SETTINGS and GOAWAY frames');
      if (first !== 'PRI ') assert.match(text, /hello POST \/x over 1\.1/);
    });
  }

  it('still takes a preface split over segments for HTTP/2', async () => {
    const connection = await openRawConnection(listener.port);
    connection.socket.setNoDelay(true);
    connection.send(H2_PREFACE.subarray(0, 1));
    await sleep(30);
    connection.send(H2_PREFACE.subarray(1, 10));
    await sleep(30);
    connection.send(Buffer.concat([H2_PREFACE.subarray(10), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]));
    const frame = await within('a SETTINGS frame', 5_000, (async () => {
      while (connection.received().length < 9) await sleep(10);
      return connection.received();
    })());
    assert.equal(frame[3], 0x4, 'the first frame back is SETTINGS');
    connection.socket.destroy();
  });

  it('serves a real HTTP/2 client', async () => {
    const session = connect(listener.url);
    try {
      const text = await new Promise<string>((resolve, reject) => {
        const stream = session.request({ ':method': 'GET', ':path': '/h2' });
        let body = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => (body += chunk));
        stream.on('end', () => resolve(body));
        stream.on('error', reject);
      });
      assert.equal(text, 'hello GET /h2 over 2.0');
    } finally {
      session.close();
    }
  });
});
