/**
 * Hand-built catalogs, a manual clock and small helpers for the routing tests. Not a test file itself.
 */
import type { Catalog, Deployment, Geography, InferenceProfile, Model, ProfileScope, Region } from '../../src/catalog/catalog-types.js';
import type { ScheduleTimeout } from '../../src/routing/schedule-timeout.js';

export interface DeploymentSpec {
  model: string;
  region: string;
  id?: string;
  maxConcurrent?: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  /** Where its upstream may process (default: its region); more than one for an upstream that routes on its own. */
  processing?: readonly string[];
}

export interface CatalogSpec {
  /** [id, latitude, longitude] */
  regions: ReadonlyArray<readonly [string, number, number]>;
  geographies?: Readonly<Record<string, readonly string[]>>;
  deployments: readonly DeploymentSpec[];
}

export function buildCatalog(spec: CatalogSpec): Catalog {
  const regions = new Map<string, Region>();
  for (const [id, latitude, longitude] of spec.regions) regions.set(id, { id, name: id, country: 'ZZ', latitude, longitude });
  const geographies = new Map<string, Geography>();
  for (const [id, regionIds] of Object.entries(spec.geographies ?? {})) geographies.set(id, { id, name: id, regionIds });
  const models = new Map<string, Model>();
  const deployments: Deployment[] = [];
  const deploymentsByModel = new Map<string, Deployment[]>();
  for (const d of spec.deployments) {
    if (!models.has(d.model)) models.set(d.model, makeModel(d.model));
    const deployment = makeDeployment(d);
    deployments.push(deployment);
    const list = deploymentsByModel.get(d.model) ?? [];
    list.push(deployment);
    deploymentsByModel.set(d.model, list);
  }
  return { regions, geographies, models, deployments, deploymentsByModel, systemProfiles: new Map() };
}

function makeModel(id: string): Model {
  return {
    id,
    name: id,
    kind: 'chat',
    tierPrices: new Map(),
    currency: 'USD',
    price: { inputMicrosPerMillion: 330_000, outputMicrosPerMillion: 2_750_000 },
    regionPrices: new Map(),
  };
}

function makeDeployment(spec: DeploymentSpec): Deployment {
  return {
    id: spec.id ?? `${spec.model}@${spec.region}`,
    modelId: spec.model,
    regionId: spec.region,
    provider: 'sim',
    endpoint: 'http://127.0.0.1:0',
    upstreamModel: spec.model,
    credentials: {},
    capacity: {
      maxConcurrent: spec.maxConcurrent ?? 8,
      requestsPerMinute: spec.requestsPerMinute ?? 600,
      tokensPerMinute: spec.tokensPerMinute ?? 1_000_000,
    },
    timeouts: { connectMs: 2_000, firstByteMs: 30_000, idleMs: 30_000 },
    allowInsecure: false,
    processingRegionIds: spec.processing ?? [spec.region],
  };
}

export function makeProfile(id: string, modelId: string, scope: ProfileScope): InferenceProfile {
  return {
    id,
    name: id,
    description: id,
    type: 'SYSTEM_DEFINED',
    modelId,
    scope,
    pricingTier: scope.kind === 'source-region' ? 'in-region' : 'geographic',
    tags: {},
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

export const NOVA = 'amazon.nova-2-lite-v1:0';

/** Real-world coordinates of the European regions. */
export const europeanRegions = [
  ['eu-central-1', 50.1109, 8.6821], // Frankfurt
  ['eu-west-1', 53.3498, -6.2603], // Dublin
  ['eu-west-2', 51.5074, -0.1278], // London
  ['eu-west-3', 48.8566, 2.3522], // Paris
  ['eu-north-1', 59.3293, 18.0686], // Stockholm
  ['eu-south-1', 45.4642, 9.19], // Milan
  ['us-east-1', 38.9072, -77.0369], // N. Virginia
] as const;

export const EU_REGIONS = ['eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1', 'eu-south-1'] as const;

/**
 * `eu`: the five EU regions (London is not in the EU); `europe`: those plus eu-west-2. The Nova model is deployed
 * in all six European regions and in us-east-1, each with `maxConcurrent` slots.
 */
export function europeCatalog(maxConcurrent = 8): Catalog {
  return buildCatalog({
    regions: europeanRegions,
    geographies: { eu: EU_REGIONS, europe: [...EU_REGIONS, 'eu-west-2'], us: ['us-east-1'] },
    deployments: europeanRegions.map(([region]) => ({ model: NOVA, region, maxConcurrent })),
  });
}

export const euNovaProfile = makeProfile(`eu.${NOVA}`, NOVA, { kind: 'geography', geographyId: 'eu' });

/** A clock that moves only when told to, firing the timers that fall due in order. */
export class ManualClock {
  private current: number;
  private timers: Array<{ at: number; seq: number; callback: () => void }> = [];
  private seq = 0;

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  readonly now = (): number => this.current;

  readonly scheduleTimeout: ScheduleTimeout = (callback, delayMs) => {
    const timer = { at: this.current + Math.max(0, delayMs), seq: this.seq++, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  };

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing due timers (earliest first) with the clock set to their due time. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.callback();
    }
    this.current = target;
  }
}

/** Lets pending promise chains run until `predicate` holds (or fails after many turns of the event loop). */
export async function eventually(predicate: () => boolean, what = 'condition'): Promise<void> {
  for (let turn = 0; turn < 200; turn++) {
    if (predicate()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`${what} never became true`);
}

/** Lets every pending promise chain run. */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 10; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}
