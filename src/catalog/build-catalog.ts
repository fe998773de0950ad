/** Turns a validated configuration into the read-only catalog (regions, geographies, models, deployments, profiles). */
import type { GeorouteConfig } from '../config/config-schema.js';
import { parseDecimalMicros } from '../config/parse-decimal-micros.js';
import type { Catalog, Deployment, Geography, Model, Price, Region } from './catalog-types.js';
import { deriveSystemProfiles, GLOBAL_GEOGRAPHY_ID } from './derive-system-profiles.js';
import { providerKind } from '../providers/provider-kinds.js';

type PriceConfig = GeorouteConfig['models'][number]['price'];

function toPrice(price: PriceConfig): Price {
  return {
    inputMicrosPerMillion: parseDecimalMicros(price.inputPerMillion),
    outputMicrosPerMillion: parseDecimalMicros(price.outputPerMillion ?? '0'),
    ...(price.cacheReadPerMillion === undefined ? {} : { cacheReadMicrosPerMillion: parseDecimalMicros(price.cacheReadPerMillion) }),
    ...(price.cacheWritePerMillion === undefined ? {} : { cacheWriteMicrosPerMillion: parseDecimalMicros(price.cacheWritePerMillion) }),
  };
}

function toDeployment(d: GeorouteConfig['deployments'][number], model: Model | undefined): Deployment {
  const sim = d.sim;
  return {
    id: d.id ?? `${d.model}@${d.region}`,
    modelId: d.model,
    regionId: d.region,
    provider: d.provider,
    endpoint: d.endpoint ?? '',
    upstreamModel: d.upstreamModel ?? d.model,
    credentials: d.credentials,
    capacity: d.capacity,
    timeouts: d.timeouts,
    tls: d.tls,
    allowInsecure: d.allowInsecure,
    nativeFormat: d.nativeFormat ?? (providerKind(d.provider)?.inheritsNativeFormat === false ? undefined : model?.nativeFormat),
    processingRegionIds: Object.freeze([...(d.processingRegions ?? [d.region])]),
    ...(d.azure === undefined ? {} : { azure: d.azure }),
    ...(d.vertex === undefined ? {} : { vertex: d.vertex }),
    wireFormats: Object.freeze([...d.wireFormats]),
    sim: sim && {
      timeToFirstTokenMs: sim.timeToFirstTokenMs,
      tokensPerSecond: sim.tokensPerSecond,
      maxConcurrent: ('maxConcurrent' in sim && sim.maxConcurrent) || d.capacity.maxConcurrent,
      requestsPerMinute: ('requestsPerMinute' in sim && sim.requestsPerMinute) || d.capacity.requestsPerMinute,
      tokensPerMinute: ('tokensPerMinute' in sim && sim.tokensPerMinute) || d.capacity.tokensPerMinute,
    },
  };
}

export function buildCatalog(config: GeorouteConfig, createdAt = new Date(0).toISOString()): Catalog {
  const regions = new Map<string, Region>(config.regions.map((r) => [r.id, { ...r }]));
  const geographies = new Map<string, Geography>(
    config.geographies.map((g) => [g.id, { id: g.id, name: g.name ?? g.id.toUpperCase(), regionIds: [...g.regions] }]),
  );
  geographies.set(GLOBAL_GEOGRAPHY_ID, { id: GLOBAL_GEOGRAPHY_ID, name: 'Global', regionIds: [...regions.keys()] });
  const models = new Map<string, Model>(
    config.models.map((m) => [
      m.id,
      {
        id: m.id,
        name: m.name,
        kind: m.kind,
        currency: m.currency,
        price: toPrice(m.price),
        regionPrices: new Map(Object.entries(m.regionPrices).map(([region, price]) => [region, toPrice(price)])),
        tierPrices: new Map(Object.entries(m.tierPrices).map(([tier, price]) => [tier, toPrice(price)])),
        nativeFormat: m.nativeFormat,
        ...(m.embedding && {
          embedding: { dimensions: m.embedding.dimensions, allowedDimensions: m.embedding.allowedDimensions ?? [m.embedding.dimensions] },
        }),
        droppableSettings: new Set(m.droppableSettings),
      },
    ]),
  );
  const deployments = config.deployments.map((d) => toDeployment(d, models.get(d.model)));
  const deploymentsByModel = new Map<string, Deployment[]>();
  const processingSetsByModel = new Map<string, Array<readonly string[]>>();
  for (const deployment of deployments) {
    const list = deploymentsByModel.get(deployment.modelId) ?? [];
    list.push(deployment);
    deploymentsByModel.set(deployment.modelId, list);
    const sets = processingSetsByModel.get(deployment.modelId) ?? [];
    sets.push(deployment.processingRegionIds);
    processingSetsByModel.set(deployment.modelId, sets);
  }
  return {
    regions,
    geographies,
    models,
    deployments,
    deploymentsByModel,
    systemProfiles: deriveSystemProfiles(models, geographies, processingSetsByModel, createdAt),
  };
}
