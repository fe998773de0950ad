/**
 * Georoute configurations for the bench, as objects in the YAML's shape: five EU regions (plus their geography),
 * one model, and deployments that point at OpenAI-compatible endpoints (the mock upstream or the simulators).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BENCH_MODEL = 'bench.chat-model-v1';
export const EU_REGIONS = ['eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1', 'eu-south-1'] as const;
export const SOURCE_REGION = 'eu-central-1';
/** The bearer key used where authentication is on (a bench-only value, not a secret). */
export const BENCH_API_KEY = 'bench-key-0123456789abcdef';
/** The environment variables that hold the bench's upstream keys: AWS for `bedrock`, an api-key for `azure-openai` (bench-only values). */
export const BENCH_UPSTREAM_KEY_ENV = {
  GEOROUTE_BENCH_AWS_ACCESS_KEY_ID: 'AKIDBENCHEXAMPLE',
  GEOROUTE_BENCH_AWS_SECRET_ACCESS_KEY: 'bench-secret-not-a-secret',
  GEOROUTE_BENCH_AZURE_KEY: 'bench-azure-key',
};

const REGION_TABLE: Record<string, [string, string, number, number]> = {
  'eu-central-1': ['Europe (Frankfurt)', 'DE', 50.11, 8.68],
  'eu-west-1': ['Europe (Ireland)', 'IE', 53.35, -6.26],
  'eu-west-3': ['Europe (Paris)', 'FR', 48.86, 2.35],
  'eu-north-1': ['Europe (Stockholm)', 'SE', 59.33, 18.07],
  'eu-south-1': ['Europe (Milan)', 'IT', 45.46, 9.19],
};

export interface BenchGatewayOptions {
  /** Endpoint (`http://127.0.0.1:PORT/v1`) per region; regions without one get no deployment. */
  endpoints: Partial<Record<(typeof EU_REGIONS)[number], string>>;
  maxConcurrent: number;
  auth: boolean;
  audit: boolean;
  /** Log as `npm start` does (info level: one access-log line per request), to a file in the data directory. */
  accessLog?: boolean;
  queue?: { maxWaiting: number; maxWaitMs: number };
  maxAttempts?: number;
  /** Per-key limits on the bench key (auth on): checked and counted on every request (the limits scenario). */
  keyLimits?: Record<string, unknown>;
  /**
   * The upstreams' wire: OpenAI chat (`openai-compatible`, the default), Anthropic Messages (`anthropic`, the
   * endpoint without `/v1`), OpenAI Responses (`openai-compatible` with `wireFormats: [openai-responses]`) or
   * Bedrock's Converse (`bedrock`, the endpoint without `/v1`, requests signed with the bench's AWS key); `azure` is
   * OpenAI chat through `azure-openai` deployments (the v1 URL style, `/openai/v1/chat/completions`, with an api-key).
   */
  wire?: 'openai' | 'anthropic' | 'responses' | 'bedrock' | 'azure';
}

/**
 * Per-key limits far above any bench load, so none is refused: what the limits scenario and `bench:profile --limits`
 * measure is the checking and the counting, not the refusing.
 */
export const GENEROUS_KEY_LIMITS = { requestsPerMinute: 100_000_000, tokensPerMinute: 2_000_000_000, spendPerDay: '1000000', spendPerMonth: '1000000', currency: 'USD' };

export function benchGatewayConfig(options: BenchGatewayOptions): Record<string, unknown> {
  return {
    server: { host: '127.0.0.1', port: 0, defaultSourceRegion: SOURCE_REGION, maxBodyBytes: 65_536 },
    auth: options.auth
      ? { apiKeys: [{ id: 'bench', keySha256: createHash('sha256').update(BENCH_API_KEY).digest('hex'), ...(options.keyLimits && { limits: options.keyLimits }) }] }
      : 'none',
    audit: { enabled: options.audit, store: 'sqlite' },
    routing: {
      maxAttempts: options.maxAttempts ?? 5,
      deadlineMs: 30_000,
      queue: options.queue ?? { maxWaiting: 4_096, maxWaitMs: 5_000 },
      breaker: { failureThreshold: 5, openMs: 2_000 },
    },
    regions: EU_REGIONS.map((id) => ({ id, name: REGION_TABLE[id][0], country: REGION_TABLE[id][1], latitude: REGION_TABLE[id][2], longitude: REGION_TABLE[id][3] })),
    geographies: [{ id: 'eu', name: 'European Union', regions: [...EU_REGIONS] }],
    models: [{ id: BENCH_MODEL, name: 'Bench Chat Model', price: { inputPerMillion: '0.33', outputPerMillion: '2.75' }, ...(options.wire === 'anthropic' && { nativeFormat: 'anthropic' }) }],
    deployments: EU_REGIONS.flatMap((region) => {
      const endpoint = options.endpoints[region];
      if (!endpoint) return [];
      const withoutV1 = options.wire === 'anthropic' || options.wire === 'bedrock' || options.wire === 'azure';
      return [{
        model: BENCH_MODEL,
        region,
        provider: options.wire === 'anthropic' || options.wire === 'bedrock' ? options.wire : options.wire === 'azure' ? 'azure-openai' : 'openai-compatible',
        endpoint: withoutV1 ? endpoint.replace(/\/v1$/, '') : endpoint,
        ...(options.wire === 'bedrock' && { credentials: { accessKeyIdEnv: 'GEOROUTE_BENCH_AWS_ACCESS_KEY_ID', secretAccessKeyEnv: 'GEOROUTE_BENCH_AWS_SECRET_ACCESS_KEY' } }),
        ...(options.wire === 'azure' && { credentials: { apiKeyEnv: 'GEOROUTE_BENCH_AZURE_KEY' }, azure: { deploymentType: 'standard' } }),
        upstreamModel: 'bench-model',
        ...(options.wire === 'responses' && { wireFormats: ['openai-responses'] }),
        capacity: { maxConcurrent: options.maxConcurrent, requestsPerMinute: 10_000_000, tokensPerMinute: 2_000_000_000 },
      }];
    }),
  };
}

/** Writes the configuration to a fresh directory, which also serves as the gateway's data directory. */
export function writeBenchConfig(name: string, config: Record<string, unknown>): { configFile: string; dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), `georoute-bench-${name}-`));
  const configFile = join(dataDir, 'bench-config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  return { configFile, dataDir };
}
