/**
 * Claude Code, unmodified (the `@anthropic-ai/claude-code` devDependency's own binary), run non-interactively
 * against the bundled demo configuration on loopback, in both of its set-ups: Bedrock mode (SigV4 with the demo
 * access key, InvokeModel with Claude's body) and gateway mode (`ANTHROPIC_BASE_URL`, the demo API key, the
 * Messages API), with a Claude 4.5 model and with a Claude 4.6 one (for which it asks for adaptive thinking).
 * Non-essential traffic and telemetry are off and HOME is a fresh directory, so it reaches nothing but the gateway.
 * The audit records say what it asked for and where it ran. Then, against an Anthropic upstream that breaks off
 * the first stream with an overload, what Claude Code does with what the gateway tells it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { buildCatalog } from '../../src/catalog/build-catalog.js';
import { BUNDLED_DEMO_CONFIG, loadConfig } from '../../src/config/load-config.js';
import { startGateway, type RunningGateway } from '../../src/gateway/gateway-runtime.js';
import { readAuditRecords } from '../support/read-audit-records.js';
import { startRegionSimulator } from '../../sim/index.js';
import type { RunningSimulator } from '../../sim/simulator-types.js';
import { startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { CLAUDE, claudeDeployment, claudeModel } from './anthropic-test-kit.js';

const CLAUDE_BINARY = resolve('node_modules/.bin/claude');
const SONNET_EU = 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0';
/** A Claude 4.6 model, for which Claude Code asks for adaptive thinking (`thinking: {type: "adaptive"}`). */
const SONNET_46 = 'anthropic.claude-sonnet-4-6';

/** Claude Code's Bedrock set-up against the gateway, with the demo's AWS keys. */
const bedrockMode = (gatewayUrl: string): Record<string, string> => ({
  CLAUDE_CODE_USE_BEDROCK: '1',
  ANTHROPIC_BEDROCK_BASE_URL: gatewayUrl,
  AWS_REGION: 'eu-central-1',
  AWS_ACCESS_KEY_ID: 'AKIDEMOGEOROUTE00001',
  AWS_SECRET_ACCESS_KEY: 'demo-secret-georoute',
});

/** Claude Code's gateway set-up: the Messages API with the demo API key. */
const gatewayMode = (gatewayUrl: string): Record<string, string> => ({ ANTHROPIC_BASE_URL: gatewayUrl, ANTHROPIC_API_KEY: 'demo-key-georoute' });

/** Both of Claude Code's models (the main one and its fast one) as the Claude 4.6 profile. */
const SONNET_46_MODELS = { ANTHROPIC_MODEL: `eu.${SONNET_46}`, ANTHROPIC_DEFAULT_HAIKU_MODEL: `eu.${SONNET_46}` };

interface ClaudeRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runClaude(prompt: string, env: Record<string, string>): Promise<ClaudeRun> {
  const home = mkdtempSync(join(tmpdir(), 'georoute-claude-home-'));
  const child = spawn(CLAUDE_BINARY, ['-p', prompt], {
    cwd: home,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_AUTOUPDATER: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((done) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(home, { recursive: true, force: true });
      done({ code, stdout, stderr });
    });
  });
}

describe('Claude Code against the demo gateway', () => {
  let gateway: RunningGateway;
  let dataDir: string;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'georoute-claude-code-'));
    const loaded = await loadConfig(BUNDLED_DEMO_CONFIG);
    // The demo, plus Claude Sonnet 4.6 (priced and deployed as Sonnet 4.5) in the EU regions.
    const { config } = loaded;
    const sonnet45 = config.models.find((model) => model.id === 'anthropic.claude-sonnet-4-5-20250929-v1:0');
    assert.ok(sonnet45, 'the demo has Claude Sonnet 4.5');
    const extended = {
      ...config,
      models: [...config.models, { ...sonnet45, id: SONNET_46, name: 'Claude Sonnet 4.6' }],
      deployments: [
        ...config.deployments,
        ...config.deployments.filter((d) => d.model === sonnet45.id && d.region.startsWith('eu-')).map((d) => ({ ...d, model: SONNET_46, id: undefined })),
      ],
    };
    gateway = await startGateway({ ...loaded, config: extended, catalog: buildCatalog(extended), dataDir }, { port: 0, logger: pino({ level: 'silent' }) });
  });
  after(async () => {
    await gateway.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('Bedrock mode: CLAUDE_CODE_USE_BEDROCK=1, ANTHROPIC_BEDROCK_BASE_URL and the demo AWS keys', async () => {
    const run = await runClaude('Say hello', bedrockMode(gateway.url));
    assert.equal(run.code, 0, `claude exited with ${run.code}: ${run.stderr}`);
    assert.ok(run.stdout.trim().length > 0, 'claude printed an answer');
    const served = readAuditRecords(dataDir, 'eu-central-1').filter((r) => r.eventName === 'InvokeModelWithResponseStream' && r.requestParameters.modelId === SONNET_EU);
    assert.ok(served.length >= 1, 'the answer was streamed through InvokeModelWithResponseStream');
    for (const record of served) {
      assert.equal(record.errorCode, undefined);
      assert.match(String(record.additionalEventData.inferenceRegion), /^eu-/);
      assert.ok(Number(record.additionalEventData.outputTokens) > 0);
    }
  });

  test('gateway mode: ANTHROPIC_BASE_URL and the demo API key, on the Messages API', async () => {
    const run = await runClaude('Say hello', {
      ...gatewayMode(gateway.url),
      ANTHROPIC_MODEL: SONNET_EU,
      ANTHROPIC_DEFAULT_HAIKU_MODEL: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0',
    });
    assert.equal(run.code, 0, `claude exited with ${run.code}: ${run.stderr}`);
    assert.ok(run.stdout.trim().length > 0, 'claude printed an answer');
    const records = readAuditRecords(dataDir, 'eu-central-1').filter((r) => r.eventName === 'Messages');
    const served = records.filter((r) => r.requestParameters.modelId === SONNET_EU && r.additionalEventData.stream === true);
    assert.ok(served.length >= 1, 'the answer was streamed through /v1/messages');
    for (const record of served) {
      assert.equal(record.errorCode, undefined);
      assert.equal(record.additionalEventData.surface, 'anthropic');
      assert.match(String(record.additionalEventData.inferenceRegion), /^eu-/);
    }
  });

  test('gateway mode with a Claude 4.6 model: adaptive thinking is accepted and relayed', async () => {
    const run = await runClaude('Say hello', { ...gatewayMode(gateway.url), ...SONNET_46_MODELS });
    assert.equal(run.code, 0, `claude exited with ${run.code}: ${run.stderr}`);
    assert.ok(run.stdout.trim().length > 0, 'claude printed an answer');
    const records = readAuditRecords(dataDir, 'eu-central-1').filter((r) => r.eventName === 'Messages' && r.requestParameters.modelId === `eu.${SONNET_46}`);
    assert.ok(records.length >= 1, 'Claude Code asked the 4.6 profile');
    for (const record of records) assert.equal(record.errorCode, undefined, `a request was refused: ${String(record.errorMessage)}`);
  });

  test('Bedrock mode with a Claude 4.6 model: adaptive thinking in the InvokeModel body is accepted and relayed', async () => {
    const run = await runClaude('Say hello', { ...bedrockMode(gateway.url), ...SONNET_46_MODELS });
    assert.equal(run.code, 0, `claude exited with ${run.code}: ${run.stderr}`);
    const records = readAuditRecords(dataDir, 'eu-central-1').filter((r) => r.eventName.startsWith('InvokeModel') && r.requestParameters.modelId === `eu.${SONNET_46}`);
    assert.ok(records.length >= 1, 'Claude Code asked the 4.6 profile');
    for (const record of records) assert.equal(record.errorCode, undefined, `a request was refused: ${String(record.errorMessage)}`);
  });
});

describe('Claude Code when the upstream breaks off its first stream with an overload', () => {
  const SOURCE = 'eu-central-1';
  const EU = `eu.${CLAUDE}`;
  let upstream: RunningSimulator;
  let gateway: TestGateway;
  before(async () => {
    upstream = await startRegionSimulator({ regionId: SOURCE, timeToFirstTokenMs: 5, tokensPerSecond: 400 });
    const config = testConfig({ regions: [] }) as { server: Record<string, unknown> };
    gateway = await startTestGateway({
      ...config,
      // Claude Code's first request is above the tests' usual 64 KB (a 413); the default is 1 MB, as the demo's.
      server: { ...config.server, maxBodyBytes: 4_000_000 },
      models: [claudeModel],
      deployments: [claudeDeployment(SOURCE, { provider: 'anthropic', endpoint: upstream.url, upstreamModel: 'claude-sonnet-4-5-20250929', sim: undefined })],
    });
  });
  after(async () => {
    await gateway.close();
    await upstream.close();
  });

  /** Runs Claude Code with the next stream failing (message_start, then the upstream's `overloaded_error`). */
  async function runWithOverloadedFirstStream(env: Record<string, string>): Promise<Array<{ stream: unknown; errorCode: unknown }>> {
    upstream.setFaults({ streamError: { afterChunks: 0, kind: 'overloaded', count: 1 } });
    const before = readAuditRecords(gateway.dataDir, SOURCE).length;
    const run = await runClaude('Say hello', { ...env, ANTHROPIC_MODEL: EU, ANTHROPIC_DEFAULT_HAIKU_MODEL: EU });
    assert.equal(run.code, 0, `claude exited with ${run.code}: ${run.stderr}`);
    assert.ok(run.stdout.trim().length > 0, 'claude printed an answer');
    return readAuditRecords(gateway.dataDir, SOURCE).slice(before)
      .filter((r) => r.requestParameters.modelId === EU && r.errorCode !== 'profile_not_found')
      .map((r) => ({ stream: r.additionalEventData.stream, errorCode: r.errorCode }));
  }

  test('gateway mode: told overloaded_error, it retries the stream, which succeeds', async () => {
    const requests = await runWithOverloadedFirstStream(gatewayMode(gateway.url));
    // Told api_error instead (what every broken stream was before), it gives up streaming and asks without a stream.
    assert.deepEqual(requests, [{ stream: true, errorCode: 'upstream_unavailable' }, { stream: true, errorCode: undefined }]);
  });

  test('Bedrock mode: told serviceUnavailableException, it asks again without a stream, which succeeds', async () => {
    const requests = await runWithOverloadedFirstStream(bedrockMode(gateway.url));
    const streamed = requests.findIndex((r) => r.stream === true);
    assert.ok(streamed >= 0, `a streamed request: ${JSON.stringify(requests)}`);
    assert.deepEqual(requests.slice(streamed), [{ stream: true, errorCode: 'upstream_unavailable' }, { stream: false, errorCode: undefined }]);
  });
});
