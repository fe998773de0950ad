/**
 * Hand-built catalog, profiles and request outcomes for the audit and billing tests. Not a test file itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalog, InferenceProfile, Model, PricingTier, ProfileScope, ProfileType } from '../../src/catalog/catalog-types.js';
import type { RequestOutcome } from '../../src/pipeline/request-outcome.js';
import type { AuditConfig } from '../../src/config/config-schema.js';
import { auditSchema } from '../../src/config/config-schema.js';

export const MODEL_ID = 'amazon.nova-lite-v1:0';
export const EU_REGIONS = ['eu-central-1', 'eu-west-1', 'eu-west-3'] as const;

export function makeCatalog(models: readonly Model[] = [novaLite()]): Catalog {
  return {
    regions: new Map(),
    geographies: new Map(),
    models: new Map(models.map((m) => [m.id, m])),
    deployments: [],
    deploymentsByModel: new Map(),
    systemProfiles: new Map(),
  };
}

/** 0.06 USD/M in, 0.24 USD/M out; Frankfurt is dearer (0.072 / 0.288). */
export function novaLite(): Model {
  return {
    id: MODEL_ID,
    name: 'Nova Lite',
    kind: 'chat',
    tierPrices: new Map(),
    currency: 'USD',
    price: { inputMicrosPerMillion: 60_000, outputMicrosPerMillion: 240_000 },
    regionPrices: new Map([['eu-central-1', { inputMicrosPerMillion: 72_000, outputMicrosPerMillion: 288_000 }]]),
  };
}

export function makeProfile(
  id: string,
  options: { tier?: PricingTier; type?: ProfileType; scope?: ProfileScope; tags?: Record<string, string>; modelId?: string } = {},
): InferenceProfile {
  return {
    id,
    name: id,
    description: id,
    type: options.type ?? 'SYSTEM_DEFINED',
    modelId: options.modelId ?? MODEL_ID,
    scope: options.scope ?? { kind: 'geography', geographyId: 'eu' },
    pricingTier: options.tier ?? 'geographic',
    tags: options.tags ?? {},
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  };
}

export const euProfile = makeProfile(`eu.${MODEL_ID}`);
export const globalProfile = makeProfile(`global.${MODEL_ID}`, { tier: 'global', scope: { kind: 'geography', geographyId: 'global' } });
export const appProfile = makeProfile('app-search-prod', {
  type: 'APPLICATION',
  tags: { team: 'search', env: 'prod' },
});

let counter = 0;

/** A successful non-streamed request from eu-central-1, processed in eu-central-1, unless overridden. */
export function makeOutcome(overrides: Partial<RequestOutcome> = {}): RequestOutcome {
  counter += 1;
  const source = overrides.sourceRegionId ?? 'eu-central-1';
  const inference = 'inferenceRegionId' in overrides ? overrides.inferenceRegionId : source;
  return {
    requestId: `req-${counter}`,
    eventTime: '2025-03-01T10:00:00.000Z',
    eventName: 'Converse',
    surface: 'bedrock',
    sourceRegionId: source,
    sourceIpAddress: '198.51.100.7',
    userAgent: 'aws-sdk-js/3.0 test',
    identity: { type: 'api-key', id: 'team-search', admin: false },
    requestedModelId: euProfile.id,
    profile: euProfile,
    boundary: [...EU_REGIONS],
    inferenceRegionId: inference,
    deploymentId: inference ? `nova-lite@${inference}` : undefined,
    attempts: inference ? [{ regionId: inference, deploymentId: `nova-lite@${inference}`, outcome: 'success', status: 200, durationMs: 120 }] : [],
    usage: { inputTokens: 1000, outputTokens: 500 },
    stream: false,
    status: 200,
    durationMs: 130,
    ...overrides,
  };
}

export function makeAuditConfig(input: Record<string, unknown> = {}): AuditConfig {
  return auditSchema.parse(input);
}

/** A scratch directory removed by the returned cleanup. */
export function scratchDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'georoute-audit-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
