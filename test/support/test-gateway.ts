/**
 * Starts a real gateway for a test: a configuration written as a plain object (same shape as the YAML), parsed and
 * validated like any file, with a fresh data directory, listening on an ephemeral loopback port.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { stringify } from 'yaml';
import { parseConfigText } from '../../src/config/load-config.js';
import type { LoadedConfig } from '../../src/config/loaded-config.js';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../src/gateway/gateway-runtime.js';
import type { SimProvider } from '../../src/providers/sim/sim-provider.js';
import type { RunningSimulator } from '../../sim/index.js';

export const EU_REGIONS = ['eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1', 'eu-south-1'] as const;
export const NOVA_LITE = 'amazon.nova-2-lite-v1:0';

const REGION_TABLE: Record<string, [string, string, number, number]> = {
  'eu-central-1': ['Europe (Frankfurt)', 'DE', 50.11, 8.68],
  'eu-west-1': ['Europe (Ireland)', 'IE', 53.35, -6.26],
  'eu-west-3': ['Europe (Paris)', 'FR', 48.86, 2.35],
  'eu-north-1': ['Europe (Stockholm)', 'SE', 59.33, 18.07],
  'eu-south-1': ['Europe (Milan)', 'IT', 45.46, 9.19],
  'eu-west-2': ['Europe (London)', 'GB', 51.51, -0.13],
  'us-east-1': ['US East (N. Virginia)', 'US', 39.04, -77.49],
  'us-west-2': ['US West (Oregon)', 'US', 45.84, -119.7],
};

export interface TestConfigOptions {
  /** Regions that deploy NOVA_LITE with a simulator (default: the five EU regions, London and us-east-1). */
  regions?: readonly string[];
  maxConcurrent?: number;
  timeToFirstTokenMs?: number;
  tokensPerSecond?: number;
  /** Replaces `auth` (default: "none"). */
  auth?: unknown;
  /** Merged over the generated top-level sections (routing, audit, pricing, server...). */
  overrides?: Record<string, unknown>;
  /** Extra deployments appended to the simulator ones. */
  extraDeployments?: unknown[];
}

/** A configuration object in the YAML's shape: NOVA_LITE deployed with a fast simulator in each region. */
export function testConfig(options: TestConfigOptions = {}): Record<string, unknown> {
  const regions = options.regions ?? [...EU_REGIONS, 'eu-west-2', 'us-east-1'];
  const known = Object.keys(REGION_TABLE);
  const capacity = { maxConcurrent: options.maxConcurrent ?? 8, requestsPerMinute: 100_000, tokensPerMinute: 100_000_000 };
  return {
    server: { host: '127.0.0.1', port: 0, defaultSourceRegion: 'eu-central-1', maxBodyBytes: 65_536, dataDir: 'unused' },
    auth: options.auth ?? 'none',
    audit: { enabled: true, store: 'sqlite', commit: { maxBatch: 256, maxDelayMs: 1 } },
    routing: { maxAttempts: 5, deadlineMs: 10_000, queue: { maxWaiting: 256, maxWaitMs: 2_000 }, breaker: { failureThreshold: 3, openMs: 1_000 } },
    regions: known.map((id) => ({ id, name: REGION_TABLE[id][0], country: REGION_TABLE[id][1], latitude: REGION_TABLE[id][2], longitude: REGION_TABLE[id][3] })),
    geographies: [
      { id: 'eu', name: 'European Union', regions: [...EU_REGIONS] },
      { id: 'europe', name: 'Europe', regions: [...EU_REGIONS, 'eu-west-2'] },
      { id: 'us', name: 'United States', regions: ['us-east-1', 'us-west-2'] },
    ],
    models: [{ id: NOVA_LITE, name: 'Amazon Nova 2 Lite', nativeFormat: 'nova', price: { inputPerMillion: '0.33', outputPerMillion: '2.75' } }],
    deployments: [
      ...regions.map((region) => ({
        model: NOVA_LITE,
        region,
        provider: 'sim',
        capacity,
        sim: { timeToFirstTokenMs: options.timeToFirstTokenMs ?? 5, tokensPerSecond: options.tokensPerSecond ?? 2_000 },
      })),
      ...(options.extraDeployments ?? []),
    ],
    ...options.overrides,
  };
}

export interface TestGateway extends RunningGateway {
  loaded: LoadedConfig;
  dataDir: string;
  /** The simulator behind a `sim` deployment, by region (NOVA_LITE deployments). */
  simulator(regionId: string): RunningSimulator;
}

export async function startTestGateway(config: Record<string, unknown> = testConfig(), options: GatewayOptions & { env?: NodeJS.ProcessEnv } = {}): Promise<TestGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'georoute-test-'));
  const loaded = parseConfigText(stringify(config), 'test-config.yaml', { env: options.env ?? process.env, cwd: dataDir });
  const withDataDir: LoadedConfig = { ...loaded, dataDir, path: join(dataDir, 'test-config.yaml'), isBundledDemo: false };
  const gateway = await startGateway(withDataDir, { port: 0, logger: pino({ level: process.env.GEOROUTE_TEST_LOG_LEVEL ?? 'silent' }), ...options });
  return {
    ...gateway,
    loaded: withDataDir,
    dataDir,
    simulator(regionId) {
      const deployment = withDataDir.catalog.deployments.find((d) => d.regionId === regionId && d.modelId === NOVA_LITE && d.provider === 'sim');
      const adapter = deployment && (gateway.providers.get(deployment.id) as SimProvider | undefined);
      if (!adapter) throw new Error(`no simulator in ${regionId}`);
      return adapter.simulator;
    },
    close: async () => {
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
