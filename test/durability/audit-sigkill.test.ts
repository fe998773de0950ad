/**
 * Nothing lost: the gateway is killed with SIGKILL under load and restarted; every request whose client received a
 * complete response has its audit record, and `georoute audit verify` passes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { runCli, startGatewayProcess, writeConfigFile } from '../support/gateway-process.js';
import { NOVA_LITE, testConfig } from '../support/test-gateway.js';

describe('audit durability under SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'georoute-sigkill-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the record of every request whose client got a complete response', async () => {
    const config = testConfig({ maxConcurrent: 64, timeToFirstTokenMs: 2, tokensPerSecond: 4000 });
    config.server = { ...(config.server as object), dataDir: join(dir, 'data') };
    config.audit = { enabled: true, store: 'sqlite', checkpoint: { keyEnv: 'SIGKILL_TEST_CHECKPOINT_KEY', everyRecords: 50 }, commit: { maxBatch: 64, maxDelayMs: 2 } };
    const configPath = writeConfigFile(dir, config);
    const env = { SIGKILL_TEST_CHECKPOINT_KEY: 'test-key' };
    const gateway = await startGatewayProcess(configPath, env);

    const completed: string[] = [];
    let stop = false;
    const worker = async (n: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const stream = i % 2 === 0;
          const response = await request(`${gateway.url}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-georoute-source-region': n % 2 === 0 ? 'eu-central-1' : 'eu-west-1' },
            body: JSON.stringify({ model: `eu.${NOVA_LITE}`, messages: [{ role: 'user', content: `load ${n}/${i}` }], max_tokens: 6, stream }),
          });
          const text = await response.body.text();
          const complete = response.statusCode === 200 && (stream ? text.trimEnd().endsWith('data: [DONE]') : JSON.parse(text).object === 'chat.completion');
          if (complete) completed.push(String(response.headers['x-request-id']));
        } catch {
          // the process was killed mid-request: this client never got a complete response
        }
      }
    };
    const workers = Array.from({ length: 12 }, (_, n) => worker(n));
    // Kill under load once enough clients hold complete responses (however fast this machine is today).
    const enough = 60;
    for (const startedAt = Date.now(); completed.length < enough && Date.now() - startedAt < 60_000; ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await gateway.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    assert.ok(completed.length >= enough, `enough load before the kill (${completed.length} complete responses)`);

    const restarted = await startGatewayProcess(configPath, env);
    await restarted.kill('SIGTERM');

    const recorded = new Set<string>();
    for (const region of ['eu-central-1', 'eu-west-1']) {
      const db = new Database(join(dir, 'data', 'audit', `${region}.sqlite`), { readonly: true });
      for (const row of db.prepare('SELECT record_json FROM audit_records').all() as Array<{ record_json: string }>) {
        recorded.add((JSON.parse(row.record_json) as { requestID: string }).requestID);
      }
      db.close();
    }
    const missing = completed.filter((id) => !recorded.has(id));
    assert.deepEqual(missing, [], `${missing.length} of ${completed.length} completed requests have no audit record`);

    const verify = await runCli(['audit', 'verify', '--config', configPath], env);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });
});
