/**
 * The OpenAI Codex CLI, unmodified (the `@openai/codex` devDependency's own binary), run non-interactively
 * (`codex exec`) against the bundled demo configuration on loopback with a custom model provider: `base_url` the
 * gateway's `/v1`, `wire_api = "responses"`, the demo API key from an environment variable, and the config the
 * README shows. CODEX_HOME is a fresh directory; web search, plugins, apps and update checks are off, so it reaches
 * nothing but the gateway. The audit record says what it asked for and where it ran. Then, with the source region's
 * upstream throttling the first stream after it started, what Codex does with the error the gateway passes on.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { BUNDLED_DEMO_CONFIG, loadConfig } from '../../src/config/load-config.js';
import { startGateway, type RunningGateway } from '../../src/gateway/gateway-runtime.js';
import { readAuditRecords } from '../support/read-audit-records.js';
import { EU_REGIONS, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';

const CODEX_BINARY = resolve('node_modules/.bin/codex');
const MODEL = 'eu.amazon.nova-2-lite-v1:0';

/** The README's Codex configuration, pointed at `baseUrl`. */
function codexConfig(baseUrl: string): string {
  return `model = "${MODEL}"
model_provider = "georoute"
web_search = "disabled"

[model_providers.georoute]
name = "georoute"
base_url = "${baseUrl}/v1"
wire_api = "responses"
env_key = "GEOROUTE_API_KEY"
http_headers = { "x-georoute-source-region" = "eu-central-1" }

[features]
plugins = false
apps = false
remote_plugin = false
in_app_updates = false

[analytics]
enabled = false
`;
}

interface CodexRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCodex(prompt: string, baseUrl: string): Promise<CodexRun> {
  const home = mkdtempSync(join(tmpdir(), 'georoute-codex-home-'));
  const work = mkdtempSync(join(tmpdir(), 'georoute-codex-work-'));
  writeFileSync(join(home, 'config.toml'), codexConfig(baseUrl));
  const child = spawn(CODEX_BINARY, ['exec', '--skip-git-repo-check', prompt], {
    cwd: work,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, CODEX_HOME: home, GEOROUTE_API_KEY: 'demo-key-georoute' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
  return new Promise((done) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(home, { recursive: true, force: true });
      rmSync(work, { recursive: true, force: true });
      done({ code, stdout, stderr });
    });
  });
}

describe('Codex CLI against the demo gateway', () => {
  let gateway: RunningGateway;
  let dataDir: string;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'georoute-codex-'));
    const loaded = await loadConfig(BUNDLED_DEMO_CONFIG);
    gateway = await startGateway({ ...loaded, dataDir }, { port: 0, logger: pino({ level: 'silent' }) });
  });
  after(async () => {
    await gateway.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('codex exec with wire_api = "responses" gets an answer through POST /v1/responses', async () => {
    const run = await runCodex('Say hello', gateway.url);
    assert.equal(run.code, 0, `codex exited with ${run.code}: ${run.stderr}`);
    assert.ok(run.stdout.trim().length > 0, 'codex printed an answer');
    const served = readAuditRecords(dataDir, 'eu-central-1').filter((r) => r.eventName === 'Responses' && r.requestParameters.modelId === MODEL);
    assert.ok(served.length >= 1, 'the answer came through the Responses API');
    for (const record of served) {
      assert.equal(record.errorCode, undefined, `no error: ${record.errorMessage ?? ''}`);
      assert.ok(['eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1', 'eu-south-1'].includes(record.additionalEventData.inferenceRegion ?? ''), 'it ran in the EU');
    }
  });
});

describe('Codex CLI when the source region throttles its stream mid-way', () => {
  const SOURCE = 'eu-central-1';
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway(testConfig());
  });
  after(() => gateway.close());

  test('told rate_limit_exceeded in response.failed, it reconnects, and the retry is served in the EU', async () => {
    // The simulator's OpenAI chat stream (what the Responses surface converts from) sends a rate-limit error chunk
    // after two content chunks, once.
    gateway.simulator(SOURCE).setFaults({ streamError: { afterChunks: 2, kind: 'throttled', count: 1 } });
    const run = await runCodex('Say hello', gateway.url);
    assert.equal(run.code, 0, `codex exited with ${run.code}: ${run.stderr}`);
    assert.ok(run.stdout.trim().length > 0, 'codex printed an answer');
    const requests = readAuditRecords(gateway.dataDir, SOURCE).filter((r) => r.eventName === 'Responses' && r.requestParameters.modelId === MODEL);
    assert.deepEqual(requests.map((r) => [r.additionalEventData.stream, r.errorCode]), [[true, 'no_capacity'], [true, undefined]]);
    assert.ok((EU_REGIONS as readonly string[]).includes(requests[1].additionalEventData.inferenceRegion ?? ''), 'the retry ran in the EU');
  });
});
