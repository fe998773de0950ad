/**
 * No prompt or completion content, ever, in records or logs: a unique marker sent in prompts (plain, streamed, in a
 * failing request) appears in no file under the data directory and in no log line, even at debug level.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { request } from 'undici';
import { startGatewayProcess, writeConfigFile } from '../support/gateway-process.js';
import { NOVA_LITE, testConfig } from '../support/test-gateway.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('no content stored or logged', () => {
  const dir = mkdtempSync(join(tmpdir(), 'georoute-privacy-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a prompt marker out of every file and log line', async () => {
    const marker = `MARKER-${randomUUID()}`;
    const config = testConfig({ regions: ['eu-central-1', 'eu-west-1'] });
    config.server = { ...(config.server as object), dataDir: join(dir, 'data') };
    const gateway = await startGatewayProcess(writeConfigFile(dir, config));
    const send = async (body: Record<string, unknown>) => {
      const response = await request(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.statusCode, text: await response.body.text() };
    };
    const messages = [
      { role: 'system', content: `You are ${marker}` },
      { role: 'user', content: `Say ${marker} back to me` },
    ];
    assert.equal((await send({ model: `eu.${NOVA_LITE}`, messages, max_tokens: 8 })).status, 200);
    assert.equal((await send({ model: `eu.${NOVA_LITE}`, messages, max_tokens: 8, stream: true })).status, 200);
    assert.equal((await send({ model: 'eu.no-such-model', messages })).status, 404);
    assert.equal((await send({ model: `eu.${NOVA_LITE}`, messages: [{ role: 'user', content: 42, name: marker }] })).status, 400);
    assert.equal((await send({ model: NOVA_LITE, messages, max_tokens: 8, tools: [{ type: 'function', function: { name: 'f', description: marker } }] })).status, 200);
    await gateway.kill('SIGTERM');

    const files = filesUnder(join(dir, 'data'));
    assert.ok(files.some((f) => f.endsWith('.sqlite')), `audit stores were written: ${files.join(', ')}`);
    for (const file of files) {
      assert.equal(readFileSync(file).includes(marker), false, `${file} contains the prompt marker`);
    }
    const logs = gateway.output();
    assert.ok(logs.includes('"level":'), 'the gateway logged at debug level');
    assert.equal(logs.includes(marker), false, 'a log line contains the prompt marker');
    const accessLines = logs
      .split('\n')
      .filter((line) => line.includes('"msg":"request"'))
      .map((line) => JSON.parse(line) as { status: number; error?: string; inferenceRegion?: string; sourceRegion: string });
    assert.equal(accessLines.length, 5, 'one access-log line per request');
    assert.ok(accessLines.some((l) => l.status === 404 && l.error === 'profile_not_found'));
    assert.ok(accessLines.some((l) => l.status === 200 && l.inferenceRegion === 'eu-central-1' && l.sourceRegion === 'eu-central-1'));
  });
});
