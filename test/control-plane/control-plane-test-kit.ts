/**
 * Shared set-up for the control-plane tests: a gateway with SigV4 access keys (an admin and a reader) and an API
 * key for the OpenAI client, started on a data directory the test chooses (so a restart can reopen it), and the
 * official BedrockClient with default settings pointed at it. Not a test file itself.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { pino } from 'pino';
import { stringify } from 'yaml';
import { parseConfigText } from '../../src/config/load-config.js';
import type { LoadedConfig } from '../../src/config/loaded-config.js';
import { startGateway, type RunningGateway } from '../../src/gateway/gateway-runtime.js';
import { testConfig, type TestConfigOptions } from '../support/test-gateway.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const ADMIN_KEY = { accessKeyId: 'AKIDCONTROLPLANE0001', secretAccessKey: 'control-plane-admin-secret' };
export const READER_KEY = { accessKeyId: 'AKIDCONTROLPLANE0002', secretAccessKey: 'control-plane-reader-secret' };
export const OPENAI_KEY = 'control-plane-openai-key';

export const controlPlaneEnv: NodeJS.ProcessEnv = {
  ...process.env,
  CP_ADMIN_SECRET: ADMIN_KEY.secretAccessKey,
  CP_READER_SECRET: READER_KEY.secretAccessKey,
  CP_OPENAI_KEY: OPENAI_KEY,
};

export const controlPlaneAuth = {
  accessKeys: [
    { accessKeyId: ADMIN_KEY.accessKeyId, secretAccessKeyEnv: 'CP_ADMIN_SECRET', admin: true },
    { accessKeyId: READER_KEY.accessKeyId, secretAccessKeyEnv: 'CP_READER_SECRET', admin: false },
  ],
  apiKeys: [{ id: 'openai-user', keyEnv: 'CP_OPENAI_KEY', sourceRegion: 'eu-central-1' }],
};

export function controlPlaneConfig(options: TestConfigOptions = {}): Record<string, unknown> {
  return testConfig({ auth: controlPlaneAuth, ...options });
}

export function newDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'georoute-control-plane-'));
}

/** A real gateway on an ephemeral loopback port whose data directory is `dataDir` (kept after close). */
export async function startGatewayAt(dataDir: string, config: Record<string, unknown> = controlPlaneConfig()): Promise<RunningGateway & { loaded: LoadedConfig }> {
  const parsed = parseConfigText(stringify(config), 'control-plane-test.yaml', { env: controlPlaneEnv, cwd: dataDir });
  const loaded: LoadedConfig = { ...parsed, dataDir, path: join(dataDir, 'control-plane-test.yaml'), isBundledDemo: false };
  const gateway = await startGateway(loaded, {
    port: 0,
    env: controlPlaneEnv,
    logger: pino({ level: process.env.GEOROUTE_TEST_LOG_LEVEL ?? 'silent' }),
  });
  return { ...gateway, loaded };
}

/** The official control-plane client, default settings, signing with `region` (the caller's source region). */
export function bedrockClient(endpoint: string, region: string, key: { accessKeyId: string; secretAccessKey: string } = ADMIN_KEY): BedrockClient {
  return new BedrockClient({ region, endpoint, credentials: key, maxAttempts: 1 });
}

export interface AuditRow {
  requestID: string;
  additionalEventData: { profileId?: string; inferenceRegion?: string; tags: Record<string, string> };
}

/** Every audit record of a source region, read from `<dataDir>/audit/<region>.sqlite` (after the gateway closed). */
export function readAuditRecords(dataDir: string, sourceRegionId: string): AuditRow[] {
  const db = new Database(join(dataDir, 'audit', `${sourceRegionId}.sqlite`), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare<[], { record_json: string }>('SELECT record_json FROM audit_records ORDER BY sequence')
      .all()
      .map((row) => JSON.parse(row.record_json) as AuditRow);
  } finally {
    db.close();
  }
}
