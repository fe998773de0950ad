/**
 * A rolling restart must not cut streams: on SIGTERM, `georoute serve` stops accepting connections, lets the
 * requests in flight finish (a stream still ends with [DONE], its audit record committed), then exits 0.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { request } from 'undici';
import { readAuditRecords } from '../support/read-audit-records.js';
import { startGatewayProcess, writeConfigFile } from '../support/gateway-process.js';
import { NOVA_LITE, testConfig } from '../support/test-gateway.js';

describe('graceful shutdown', () => {
  const dir = mkdtempSync(join(tmpdir(), 'georoute-drain-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lets a stream in flight finish after SIGTERM, refuses new connections, exits 0', async () => {
    // About 40 tokens at 8 tokens/s: the stream is still running when SIGTERM arrives, even when a loaded machine
    // is slow to deliver the signal.
    const config = testConfig({ regions: ['eu-central-1'], timeToFirstTokenMs: 5, tokensPerSecond: 8 });
    config.server = { ...(config.server as object), dataDir: join(dir, 'data') };
    const gateway = await startGatewayProcess(writeConfigFile(dir, config));
    const response = await request(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'drained-stream' },
      body: JSON.stringify({ model: NOVA_LITE, messages: [{ role: 'user', content: 'drain me please' }], max_tokens: 40, stream: true }),
    });
    assert.equal(response.statusCode, 200);
    const exited = new Promise<number | null>((resolve) => gateway.child.once('exit', (code) => resolve(code)));
    gateway.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await assert.rejects(
      request(`${gateway.url}/healthz`, { reset: true }).then((r) => r.body.text()),
      'no new connection is accepted while draining',
    );
    const text = await response.body.text();
    assert.ok(text.trimEnd().endsWith('data: [DONE]'), 'the stream in flight completed cleanly');
    assert.equal(await exited, 0);
    assert.match(gateway.output(), /1 request\(s\) in flight get up to 25000 ms/);
    const record = readAuditRecords(join(dir, 'data'), 'eu-central-1').find((r) => r.additionalEventData.clientRequestId === 'drained-stream');
    assert.ok(record && record.errorCode === undefined, 'its audit record was committed as a success');
  });
});
