/** A test gateway that deploys Claude Sonnet 4.5 (native format anthropic) with simulators in three regions. */
import { testConfig } from '../support/test-gateway.js';

export const CLAUDE = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
export const EU_CLAUDE = `eu.${CLAUDE}`;
export const CLAUDE_REGIONS = ['eu-central-1', 'eu-west-1', 'us-east-1'] as const;

export const claudeModel = {
  id: CLAUDE,
  name: 'Claude Sonnet 4.5',
  nativeFormat: 'anthropic',
  price: { inputPerMillion: '3.00', outputPerMillion: '15.00', cacheWritePerMillion: '3.75', cacheReadPerMillion: '0.30' },
};

export function claudeDeployment(region: string, extra: Record<string, unknown> = {}) {
  return {
    model: CLAUDE,
    region,
    provider: 'sim',
    capacity: { maxConcurrent: 8, requestsPerMinute: 100_000, tokensPerMinute: 100_000_000 },
    sim: { timeToFirstTokenMs: 5, tokensPerSecond: 2_000 },
    ...extra,
  };
}

/** NOVA_LITE in eu-central-1 plus Claude in CLAUDE_REGIONS; `auth` as given (default "none"). */
export function claudeTestConfig(options: { auth?: unknown; extraDeployments?: unknown[] } = {}): Record<string, unknown> {
  const base = testConfig({ regions: ['eu-central-1'], auth: options.auth });
  return {
    ...base,
    models: [...(base.models as unknown[]), claudeModel],
    deployments: [...(base.deployments as unknown[]), ...CLAUDE_REGIONS.map((region) => claudeDeployment(region)), ...(options.extraDeployments ?? [])],
  };
}
