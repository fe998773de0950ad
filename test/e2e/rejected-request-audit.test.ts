/** Requests refused before routing (bad input, unknown profile, failed authentication) still leave an audit record. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { readAuditRecords } from '../support/read-audit-records.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';

describe('audit of rejected inference requests', () => {
  let gateway: TestGateway;
  const key = 'rejection-test-key';

  before(async () => {
    gateway = await startTestGateway(
      testConfig({ auth: { apiKeys: [{ id: 'tester', keySha256: createHash('sha256').update(key).digest('hex'), sourceRegion: 'eu-west-1' }] } }),
    );
  });
  after(() => gateway.close());

  async function send(body: string, headers: Record<string, string>, requestId: string) {
    const response = await request(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...headers }, body });
    await response.body.text();
    return response.statusCode;
  }

  it('records an unknown profile, a bad body and a failed authentication, each with its error code', async () => {
    const auth = { authorization: `Bearer ${key}` };
    assert.equal(await send(JSON.stringify({ model: 'eu.nothing', messages: [{ role: 'user', content: 'x' }] }), auth, 'rej-unknown'), 404);
    assert.equal(await send(JSON.stringify({ model: `eu.${NOVA_LITE}`, messages: [] }), { ...auth, 'x-georoute-source-region': 'eu-west-3' }, 'rej-invalid'), 400);
    assert.equal(await send('{"model":', auth, 'rej-json'), 400);
    assert.equal(await send(JSON.stringify({ model: `eu.${NOVA_LITE}`, messages: [{ role: 'user', content: 'x' }] }), { authorization: 'Bearer wrong' }, 'rej-auth'), 401);

    const byId = new Map([...readAuditRecords(gateway.dataDir, 'eu-west-1'), ...readAuditRecords(gateway.dataDir, 'eu-west-3'), ...readAuditRecords(gateway.dataDir, 'eu-central-1')].map((r) => [r.additionalEventData.clientRequestId, r]));
    assert.equal(byId.get('rej-unknown')?.errorCode, 'profile_not_found');
    assert.equal(byId.get('rej-unknown')?.awsRegion, 'eu-west-1', "the key's source region");
    assert.equal(byId.get('rej-unknown')?.requestParameters.modelId, 'eu.nothing');
    assert.equal(byId.get('rej-invalid')?.errorCode, 'invalid_request');
    assert.equal(byId.get('rej-invalid')?.awsRegion, 'eu-west-3', 'the header named the source region');
    assert.equal(byId.get('rej-json')?.errorCode, 'invalid_json');
    assert.equal(byId.get('rej-auth')?.errorCode, 'unauthenticated');
    assert.equal(byId.get('rej-auth')?.awsRegion, 'eu-central-1', 'unauthenticated: the server default region');
    for (const id of ['rej-unknown', 'rej-invalid', 'rej-json', 'rej-auth']) {
      assert.equal(byId.get(id)?.additionalEventData.inferenceRegion ?? null, null, `${id} ran nowhere`);
    }
  });
});
