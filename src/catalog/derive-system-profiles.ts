/**
 * System-defined inference profiles, derived from the catalog: `<geo>.<model>` for every geography that holds the
 * whole processing set of at least one deployment of the model (its region, for a deployment that does not delegate;
 * `global` only, for one whose set is unknown), `global.<model>`, and the bare model id (the source region only, as a direct
 * invocation is).
 */
import type { Geography, InferenceProfile, Model } from './catalog-types.js';

export const GLOBAL_GEOGRAPHY_ID = 'global';

export function deriveSystemProfiles(
  models: ReadonlyMap<string, Model>,
  geographies: ReadonlyMap<string, Geography>,
  processingSetsByModel: ReadonlyMap<string, ReadonlyArray<readonly string[]>>,
  createdAt: string,
): Map<string, InferenceProfile> {
  const profiles = new Map<string, InferenceProfile>();
  for (const model of models.values()) {
    const processingSets = processingSetsByModel.get(model.id);
    if (!processingSets || processingSets.length === 0) continue;
    const base = { modelId: model.id, tags: {}, createdAt, updatedAt: createdAt } as const;
    profiles.set(model.id, {
      ...base,
      id: model.id,
      name: model.name,
      description: `${model.name} in the caller's source region only`,
      type: 'FOUNDATION_MODEL',
      scope: { kind: 'source-region' },
      pricingTier: 'in-region',
    });
    for (const geography of geographies.values()) {
      const isGlobal = geography.id === GLOBAL_GEOGRAPHY_ID;
      // An empty set is unknown: it fits only `global`.
      const fits = (set: readonly string[]) => (set.length === 0 ? isGlobal : set.every((region) => geography.regionIds.includes(region)));
      if (!processingSets.some(fits)) continue;
      profiles.set(`${geography.id}.${model.id}`, {
        ...base,
        id: `${geography.id}.${model.id}`,
        name: `${geography.name} ${model.name}`,
        description: `Routes ${model.name} across ${isGlobal ? 'every region' : `the ${geography.name} geography`}`,
        type: 'SYSTEM_DEFINED',
        scope: { kind: 'geography', geographyId: geography.id },
        pricingTier: isGlobal ? 'global' : 'geographic',
      });
    }
  }
  return profiles;
}
