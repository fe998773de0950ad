import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Agent, request, type buildConnector } from 'undici';
import { startRegionSimulator } from '../../sim/region-simulator.js';
import type { RunningSimulator } from '../../sim/simulator-types.js';
import { generateTestCertificates, type TestCertificates } from '../support/generate-test-certificates.js';

const chat = JSON.stringify({ model: 'sim-model', messages: [{ role: 'user', content: 'over TLS' }], max_tokens: 2 });

async function post(url: string, agent: Agent): Promise<number> {
  const response = await request(`${url}/v1/chat/completions`, { method: 'POST', body: chat, dispatcher: agent });
  await response.body.dump();
  return response.statusCode;
}

describe('simulator over TLS (certificates from generateTestCertificates)', () => {
  let certs: TestCertificates;
  let tlsSim: RunningSimulator;
  let mtlsSim: RunningSimulator;
  const agents: Agent[] = [];
  const agent = (connect: buildConnector.BuildOptions) => {
    const created = new Agent({ connect });
    agents.push(created);
    return created;
  };

  before(async () => {
    certs = await generateTestCertificates();
    const fast = { timeToFirstTokenMs: 5, tokensPerSecond: 5000 };
    tlsSim = await startRegionSimulator({ regionId: 'eu-west-1', ...fast, tls: { cert: certs.server.cert, key: certs.server.key } });
    mtlsSim = await startRegionSimulator({
      regionId: 'eu-west-1', ...fast,
      tls: { cert: certs.server.cert, key: certs.server.key, ca: certs.ca.cert, requestCert: true },
    });
  });
  after(async () => {
    await Promise.all(agents.map((a) => a.close()));
    await tlsSim.close();
    await mtlsSim.close();
    await certs.cleanup();
  });

  test('the helper writes a CA, a localhost server cert and a client cert signed by it, and an unrelated cert', async () => {
    const ca = new X509Certificate(certs.ca.cert);
    const server = new X509Certificate(certs.server.cert);
    const client = new X509Certificate(certs.client.cert);
    const untrusted = new X509Certificate(certs.untrusted.cert);
    assert.equal(ca.ca, true);
    assert.ok(server.verify(ca.publicKey) && server.checkIssued(ca));
    assert.ok(client.verify(ca.publicKey));
    assert.equal(untrusted.checkIssued(ca), false);
    assert.ok(server.checkIP('127.0.0.1') !== undefined && server.checkHost('localhost') !== undefined);
    assert.equal(await readFile(certs.server.certPath, 'utf8'), certs.server.cert);
    assert.match(await readFile(certs.client.keyPath, 'utf8'), /PRIVATE KEY/);
  });

  test('serves HTTPS to a client that trusts the CA', async () => {
    assert.match(tlsSim.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(await post(tlsSim.url, agent({ ca: certs.ca.cert })), 200);
    assert.equal(await post(tlsSim.url.replace('127.0.0.1', 'localhost'), agent({ ca: certs.ca.cert })), 200);
  });

  test('a client that does not trust the CA is rejected', async () => {
    await assert.rejects(post(tlsSim.url, agent({ ca: certs.untrusted.cert })), /certificate/i);
    await assert.rejects(post(tlsSim.url, agent({})), /certificate/i);
  });

  test('mTLS: a client certificate signed by the CA is required', async () => {
    const withClientCert = agent({ ca: certs.ca.cert, cert: certs.client.cert, key: certs.client.key });
    assert.equal(await post(mtlsSim.url, withClientCert), 200);
    await assert.rejects(post(mtlsSim.url, agent({ ca: certs.ca.cert })));
    const wrongClientCert = agent({ ca: certs.ca.cert, cert: certs.untrusted.cert, key: certs.untrusted.key });
    await assert.rejects(post(mtlsSim.url, wrongClientCert));
    assert.equal(mtlsSim.stats().served, 1);
  });
});
