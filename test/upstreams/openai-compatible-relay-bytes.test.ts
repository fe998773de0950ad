/**
 * The fast path relays an OpenAI-compatible upstream's JSON answer as it sent it: the client gets the upstream's
 * bytes (its spacing, its key order, a number JSON.parse would round), not the gateway's re-serialization, while
 * usage is still read from it for the audit record. Driven by the openai SDK, checked byte for byte with fetch.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { readAuditRecords } from '../support/read-audit-records.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';

// Spacing and a 20-digit integer: both change in a JSON.parse / JSON.stringify round trip.
const UPSTREAM_BODY =
  '{ "id": "chatcmpl-relay",  "object": "chat.completion", "created": 1764633600, "model": "up-model",\n' +
  '  "choices": [{"index": 0, "message": {"role": "assistant", "content": "relayed"}, "finish_reason": "stop"}],\n' +
  '  "usage": {"prompt_tokens": 11, "completion_tokens": 4, "total_tokens": 15}, "system_fingerprint_seq": 12345678901234567890 }';

describe('openai-compatible fast path: the JSON answer relayed as sent', () => {
  let gateway: TestGateway;
  const upstream = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(UPSTREAM_BODY);
    });
  });

  before(async () => {
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/v1`;
    gateway = await startTestGateway(
      testConfig({ regions: [], extraDeployments: [{ model: NOVA_LITE, region: 'eu-central-1', provider: 'openai-compatible', endpoint, upstreamModel: 'up-model' }] }),
    );
  });
  after(async () => {
    await gateway?.close();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  it('gives the client the upstream bytes, and records the usage they carry', async () => {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: NOVA_LITE, messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), UPSTREAM_BODY);
    assert.equal(response.headers.get('content-length'), String(Buffer.byteLength(UPSTREAM_BODY)));
    const requestId = response.headers.get('x-request-id');
    const record = readAuditRecords(gateway.dataDir, 'eu-central-1').find((r) => r.requestID === requestId);
    assert.equal(record?.additionalEventData.inputTokens, 11);
    assert.equal(record?.additionalEventData.outputTokens, 4);
  });

  it('reads as a normal completion through the openai SDK', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: NOVA_LITE, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(completion.choices[0]?.message.content, 'relayed');
    assert.equal(completion.usage?.prompt_tokens, 11);
  });
});
