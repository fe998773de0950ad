/**
 * "Where could this request go, in what order right now, and why": the residency boundary and each candidate's
 * headroom, breaker state and distance. Plans only; nothing is sent upstream.
 */
import type { Catalog } from '../catalog/catalog-types.js';
import type { ProfileResolver } from '../catalog/profile-resolver.js';
import { GeorouteError } from '../errors/error-catalog.js';
import type { Router } from '../routing/routing-contract.js';

export interface RouteExplanation {
  profile: { id: string; type: string; model: string; scope: unknown };
  sourceRegion: string;
  boundary: readonly string[];
  excludedRegions: readonly string[];
  candidates: Array<{
    rank: number;
    region: string;
    deployment: string;
    isSourceRegion: boolean;
    headroom: number;
    breaker: string;
    distanceKm: number;
    latencyMs?: number;
    reason: string;
  }>;
}

export async function explainRoute(catalog: Catalog, profiles: ProfileResolver, router: Router, profileId: string, sourceRegionId: string): Promise<RouteExplanation> {
  if (!catalog.regions.has(sourceRegionId)) {
    throw new GeorouteError('unknown_source_region', `Unknown source region "${sourceRegionId}".`, { param: 'source' });
  }
  const resolved = profiles.resolve(profileId);
  if (!resolved) throw new GeorouteError('profile_not_found', `The model or inference profile "${profileId}" does not exist.`, { param: 'profile' });
  const { profile } = resolved;
  const plan = await router.plan({ profile, sourceRegionId, estimatedTokens: 0 });
  return {
    profile: { id: profile.id, type: profile.type, model: profile.modelId, scope: profile.scope },
    sourceRegion: sourceRegionId,
    boundary: plan.boundary,
    excludedRegions: [...catalog.regions.keys()].filter((id) => !plan.boundary.includes(id)),
    candidates: plan.candidates.map((c, i) => ({
      rank: i + 1,
      region: c.regionId,
      deployment: c.deployment.id,
      isSourceRegion: c.isSourceRegion,
      headroom: Math.round(c.headroom * 1000) / 1000,
      breaker: c.breaker,
      distanceKm: Math.round(c.distanceKm),
      latencyMs: c.latencyMs === undefined ? undefined : Math.round(c.latencyMs),
      reason: c.reason,
    })),
  };
}
