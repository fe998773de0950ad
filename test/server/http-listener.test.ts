/** One port serves HTTP/1.1 and HTTP/2 cleartext with prior knowledge; with TLS, ALPN picks h2 or http/1.1. */
import assert from 'node:assert/strict';
import { connect, type ClientHttp2Session } from 'node:http2';
import { after, before, describe, it } from 'node:test';
import { Agent, request } from 'undici';
import { startListener, type RunningListener } from '../../src/server/http-listener.js';
import { clientAddress, type HttpHandler } from '../../src/server/http-exchange.js';
import { sendOpenAiError } from '../../src/surfaces/openai-chat/send-openai-error.js';
import type { ListenerOptions } from '../../src/server/http-listener.js';
import { generateTestCertificates, type TestCertificates } from '../support/generate-test-certificates.js';

const base: Omit<ListenerOptions, 'port'> = {
  host: '127.0.0.1',
  onUnhandledError: () => undefined,
  answerMalformed: (path, response, requestId, error) => sendOpenAiError(response, error, { 'x-request-id': requestId, 'x-test-path': path ?? 'none' }),
};

const echo: HttpHandler = async (exchange) => {
  const chunks: Buffer[] = [];
  for await (const chunk of exchange.request as AsyncIterable<Buffer>) chunks.push(chunk);
  const body = JSON.stringify({ version: exchange.request.httpVersion, path: exchange.path, query: exchange.query.get('q'), raw: exchange.rawPath, bytes: Buffer.concat(chunks).length, remote: clientAddress(exchange.request) });
  exchange.response.writeHead(200, { 'content-type': 'application/json' });
  exchange.response.end(body);
};

function h2Request(session: ClientHttp2Session, path: string, body = ''): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/json' });
    let status = 0;
    let text = '';
    stream.on('response', (headers) => (status = Number(headers[':status'])));
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (text += chunk));
    stream.on('end', () => resolve({ status, json: JSON.parse(text) as Record<string, unknown> }));
    stream.on('error', reject);
    stream.end(body);
  });
}

describe('http listener', () => {
  let plain: RunningListener;
  let secure: RunningListener;
  let certs: TestCertificates;

  before(async () => {
    certs = await generateTestCertificates();
    plain = await startListener(echo, { ...base, port: 0 });
    secure = await startListener(echo, { ...base, port: 0, tls: { certFile: certs.server.certPath, keyFile: certs.server.keyPath } });
  });
  after(async () => {
    await plain.close();
    await secure.close();
    await certs.cleanup();
  });

  it('serves HTTP/1.1 and keeps the raw, percent-encoded path', async () => {
    const response = await request(`${plain.url}/model/eu.amazon.nova-2-lite-v1%3A0/converse?q=1`, { method: 'POST', body: 'abc' });
    const json = (await response.body.json()) as Record<string, unknown>;
    assert.equal(json.version, '1.1');
    assert.equal(json.path, '/model/eu.amazon.nova-2-lite-v1%3A0/converse');
    assert.equal(json.raw, '/model/eu.amazon.nova-2-lite-v1%3A0/converse?q=1');
    assert.equal(json.query, '1');
    assert.equal(json.bytes, 3);
    assert.equal(json.remote, '127.0.0.1');
  });

  it('serves HTTP/2 with prior knowledge on the same port', async () => {
    const session = connect(plain.url);
    try {
      const first = await h2Request(session, '/a?q=x', 'hello');
      const second = await h2Request(session, '/b', '');
      assert.equal(first.status, 200);
      assert.equal(first.json.version, '2.0');
      assert.equal(first.json.bytes, 5);
      assert.equal(first.json.remote, '127.0.0.1', 'the client address survives the h2c hand-over');
      assert.equal(second.json.path, '/b');
    } finally {
      session.close();
    }
  });

  it('negotiates h2 or http/1.1 by ALPN under TLS', async () => {
    const session = connect(secure.url, { ca: certs.ca.cert, servername: 'localhost' });
    try {
      const result = await h2Request(session, '/tls');
      assert.equal(result.json.version, '2.0');
    } finally {
      session.close();
    }
    const agent = new Agent({ connect: { ca: certs.ca.cert, servername: 'localhost' } });
    const response = await request(`${secure.url}/tls1`, { method: 'POST', body: 'x', dispatcher: agent });
    assert.equal(((await response.body.json()) as Record<string, unknown>).version, '1.1');
    await agent.close();
  });
});

describe('http listener: requests the parser rejects', () => {
  it('answers malformed HTTP/1.1 with a JSON error, not a bare status line', async () => {
    const listener = await startListener(echo, { ...base, port: 0 });
    try {
      const { connect: tcp } = await import('node:net');
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = tcp(listener.port, '127.0.0.1', () => socket.write('GET /model/x/converse HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n'));
        let text = '';
        socket.on('data', (d) => (text += d.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      assert.match(raw, /^HTTP\/1\.1 400 Bad Request\r\n/);
      assert.match(raw, /content-type: application\/json/);
      assert.match(raw, /x-test-path: \/model\/x\/converse/, 'the responder learns the path of the rejected request');
      const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as { error: { code: string } };
      assert.equal(body.error.code, 'invalid_request');
    } finally {
      await listener.close();
    }
  });
});
