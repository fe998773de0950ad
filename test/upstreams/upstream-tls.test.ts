/**
 * Traffic to upstreams is encrypted wherever it leaves the machine: TLS with certificate verification, a custom CA
 * bundle and a client certificate (mTLS) per deployment. An upstream whose certificate is not trusted is never
 * used: the request fails over to a trusted one inside the boundary.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { startRegionSimulator, type RunningSimulator } from '../../sim/index.js';
import { generateTestCertificates, type TestCertificates } from '../support/generate-test-certificates.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';

async function chat(gateway: TestGateway, model: string, source = 'eu-west-1') {
  const response = await request(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-georoute-source-region': source },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'tls' }], max_tokens: 4 }),
  });
  return { status: response.statusCode, region: response.headers['x-georoute-inference-region'], attempts: response.headers['x-georoute-attempts'], body: await response.body.json() };
}

describe('TLS to upstreams', () => {
  let certs: TestCertificates;
  let trusted: RunningSimulator;
  let untrusted: RunningSimulator;

  before(async () => {
    certs = await generateTestCertificates();
    trusted = await startRegionSimulator({ regionId: 'eu-west-1', timeToFirstTokenMs: 1, tokensPerSecond: 5000, tls: { cert: certs.server.cert, key: certs.server.key, ca: certs.ca.cert, requestCert: true } });
    untrusted = await startRegionSimulator({ regionId: 'eu-west-3', timeToFirstTokenMs: 1, tokensPerSecond: 5000, tls: { cert: certs.untrusted.cert, key: certs.untrusted.key } });
  });
  after(async () => {
    await trusted.close();
    await untrusted.close();
    await certs.cleanup();
  });

  function tlsConfig(deployments: object[]) {
    return testConfig({ regions: [], extraDeployments: deployments, overrides: { routing: { maxAttempts: 3, deadlineMs: 5000, queue: { maxWaiting: 8, maxWaitMs: 100 }, breaker: { failureThreshold: 3, openMs: 1000 } } } });
  }
  const https = (sim: RunningSimulator) => `${sim.url.replace('127.0.0.1', 'localhost')}/v1`;

  it('verifies the upstream against a custom CA and presents a client certificate (mTLS)', async () => {
    const gateway = await startTestGateway(
      tlsConfig([{ model: NOVA_LITE, region: 'eu-west-1', provider: 'openai-compatible', endpoint: https(trusted), tls: { caFile: certs.ca.certPath, certFile: certs.client.certPath, keyFile: certs.client.keyPath } }]),
    );
    try {
      const result = await chat(gateway, NOVA_LITE);
      assert.equal(result.status, 200, JSON.stringify(result.body));
      assert.equal(result.region, 'eu-west-1');
    } finally {
      await gateway.close();
    }
  });

  it('refuses an upstream without the client certificate the upstream requires', async () => {
    const gateway = await startTestGateway(
      tlsConfig([{ model: NOVA_LITE, region: 'eu-west-1', provider: 'openai-compatible', endpoint: https(trusted), tls: { caFile: certs.ca.certPath } }]),
    );
    try {
      const result = await chat(gateway, NOVA_LITE);
      assert.equal(result.status, 503);
    } finally {
      await gateway.close();
    }
  });

  it('never uses an upstream whose certificate is untrusted, and fails over inside the boundary', async () => {
    const gateway = await startTestGateway(
      tlsConfig([
        { model: NOVA_LITE, region: 'eu-west-3', provider: 'openai-compatible', endpoint: https(untrusted), tls: { caFile: certs.ca.certPath } },
        { model: NOVA_LITE, region: 'eu-west-1', provider: 'openai-compatible', endpoint: https(trusted), tls: { caFile: certs.ca.certPath, certFile: certs.client.certPath, keyFile: certs.client.keyPath } },
      ]),
    );
    try {
      // From eu-west-3 the untrusted source region is tried first, rejected at the TLS handshake, then eu-west-1 serves.
      const result = await chat(gateway, `eu.${NOVA_LITE}`, 'eu-west-3');
      assert.equal(result.status, 200, JSON.stringify(result.body));
      assert.equal(result.region, 'eu-west-1');
      assert.equal(result.attempts, '2');
      const direct = await chat(gateway, NOVA_LITE, 'eu-west-3');
      assert.equal(direct.status, 503, 'the bare model id may only run in eu-west-3, whose certificate is untrusted');
      assert.equal(untrusted.stats().received, 0, 'no request reached the untrusted upstream');
    } finally {
      await gateway.close();
    }
  });
});
