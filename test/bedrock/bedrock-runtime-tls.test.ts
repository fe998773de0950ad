/**
 * With `server.tls`, the gateway serves HTTP/2 by ALPN: the SDK's default HTTP/2 handler (only given a trusted CA)
 * and a bare node:http2 client both negotiate h2, and a ConverseStream arrives over it.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:http2';
import { after, before, describe, it } from 'node:test';
import { ConverseCommand, ConverseStreamCommand, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { generateTestCertificates, type TestCertificates } from '../support/generate-test-certificates.js';
import type { TestGateway } from '../support/test-gateway.js';
import { EU_PROFILE, sdkClient, startBedrockTestGateway } from './bedrock-test-kit.js';

describe('Bedrock Runtime over TLS (h2 by ALPN)', () => {
  let certs: TestCertificates;
  let gateway: TestGateway;
  let client: BedrockRuntimeClient;

  before(async () => {
    certs = await generateTestCertificates();
    const base = { host: '127.0.0.1', port: 0, defaultSourceRegion: 'eu-central-1', maxBodyBytes: 65_536, dataDir: 'unused' };
    gateway = await startBedrockTestGateway({ overrides: { server: { ...base, tls: { certFile: certs.server.certPath, keyFile: certs.server.keyPath } } } });
    // The default (HTTP/2) handler, configured through options only: trust the test CA.
    client = sdkClient({ url: gateway.url.replace('127.0.0.1', 'localhost') }, 'eu-west-1', { requestHandler: { nodeHttp2ConnectOptions: { ca: certs.ca.cert } } });
  });
  after(async () => {
    client.destroy();
    await gateway.close();
    await certs.cleanup();
  });

  it('serves Converse and ConverseStream to the SDK', async () => {
    assert.ok(gateway.url.startsWith('https://'));
    const out = await client.send(new ConverseCommand({ modelId: EU_PROFILE, messages: [{ role: 'user', content: [{ text: 'over tls' }] }], inferenceConfig: { maxTokens: 3 } }));
    assert.equal(out.usage?.outputTokens, 3);
    const stream = await client.send(new ConverseStreamCommand({ modelId: EU_PROFILE, messages: [{ role: 'user', content: [{ text: 'tls stream' }] }], inferenceConfig: { maxTokens: 4 } }));
    let stop: string | undefined;
    for await (const event of stream.stream ?? []) stop = event.messageStop?.stopReason ?? stop;
    assert.equal(stop, 'max_tokens');
  });

  it('negotiates h2 by ALPN (node:http2, unsigned request answered in Bedrock format)', async () => {
    const session = connect(gateway.url, { ca: certs.ca.cert, servername: 'localhost' });
    try {
      await new Promise<void>((resolve, reject) => session.once('connect', () => resolve()).once('error', reject));
      assert.equal(session.alpnProtocol, 'h2');
      const request = session.request({ ':method': 'POST', ':path': '/model/eu.amazon.nova-2-lite-v1%3A0/converse', 'content-type': 'application/json' });
      request.end('{}');
      const [headers, body] = await new Promise<[Record<string, unknown>, string]>((resolve, reject) => {
        let h: Record<string, unknown> = {};
        let text = '';
        request.on('response', (value) => (h = value)).on('data', (chunk: Buffer) => (text += chunk.toString())).on('end', () => resolve([h, text])).on('error', reject);
      });
      assert.equal(headers[':status'], 403);
      assert.equal(headers['x-amzn-errortype'], 'AccessDeniedException');
      assert.ok(headers['x-amzn-requestid']);
      assert.equal(typeof (JSON.parse(body) as { message: unknown }).message, 'string');
    } finally {
      session.close();
    }
  });
});

