/**
 * The gateway names every request itself: a client's `x-request-id` never becomes the audit record's requestID,
 * so two clients sending the same id (or one client resending it) leave two records with distinct ids, each
 * carrying the client's id in `additionalEventData.clientRequestId`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { readAuditRecords } from '../support/read-audit-records.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';

describe('client-supplied request ids in the audit trail', () => {
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway(testConfig({ regions: ['eu-central-1'] }));
  });
  after(() => gateway.close());

  const send = async (headers: Record<string, string>) => {
    const response = await request(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model: NOVA_LITE, messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 }),
    });
    await response.body.text();
    assert.equal(response.statusCode, 200);
    return String(response.headers['x-request-id']);
  };

  it('records the gateway id as requestID and the client id apart, so duplicates cannot collide', async () => {
    const first = await send({ 'x-request-id': 'dup-id' });
    const second = await send({ 'x-request-id': 'dup-id' });
    const malformed = await send({ 'x-request-id': 'has spaces' });
    const none = await send({});
    const ids = [first, second, malformed, none];
    for (const id of ids) assert.match(id, /^[0-9a-f-]{36}$/, 'the response names the gateway id');
    assert.equal(new Set(ids).size, 4);

    const records = readAuditRecords(gateway.dataDir, 'eu-central-1');
    assert.deepEqual(records.map((r) => r.requestID), ids, 'each record carries the gateway id of its response');
    assert.deepEqual(records.map((r) => r.additionalEventData.clientRequestId), ['dup-id', 'dup-id', undefined, undefined]);
  });
});
