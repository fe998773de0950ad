/**
 * What `GET /admin/state` answers: the catalog's regions and geographies, each deployment's declared capacity
 * beside its live capacity/health snapshot, the system profiles (for choosing a boundary to show), and traffic
 * counters since start-up and the timeline of the last 15 minutes. Read-only; no prompt content.
 */
import type { Catalog, DeploymentCapacity } from '../catalog/catalog-types.js';
import { headroomOf } from '../routing/capacity-outlook.js';
import type { CapacityStore, DeploymentSnapshot } from '../routing/routing-contract.js';
import type { TrafficCounters, TrafficSnapshot } from './traffic-counters.js';
import type { TimelineSnapshot, TrafficTimeline } from './traffic-timeline.js';

export interface RegionState {
  id: string;
  name: string;
  country: string;
  /** Degrees, for the map. */
  latitude: number;
  longitude: number;
  /** Ids of the geographies that include this region. */
  geographies: string[];
}

export interface DeploymentState {
  id: string;
  model: string;
  region: string;
  provider: string;
  declared: DeploymentCapacity;
  /** 0 (saturated or throttled) to 1 (idle), as the route planner computes it. */
  headroom: number;
  live: DeploymentSnapshot;
}

export interface GatewayState {
  /** ISO-8601 time of this snapshot. */
  generatedAt: string;
  regions: RegionState[];
  geographies: Array<{ id: string; name: string; regions: readonly string[] }>;
  /** System-defined profile ids (`eu.<model>`, `global.<model>`, bare model ids). */
  profiles: string[];
  deployments: DeploymentState[];
  traffic: TrafficSnapshot;
  /** The last 15 minutes in 5-second steps, and the flows of the last minute (charts and map). */
  timeline: TimelineSnapshot;
}

export async function buildGatewayState(catalog: Catalog, capacity: CapacityStore, traffic: Pick<TrafficCounters, 'snapshot'>, timeline: Pick<TrafficTimeline, 'snapshot'>, now: number): Promise<GatewayState> {
  const geographies = [...catalog.geographies.values()];
  const deployments = await Promise.all(
    catalog.deployments.map(async (deployment): Promise<DeploymentState> => {
      const live = await capacity.snapshot(deployment, now);
      return {
        id: deployment.id,
        model: deployment.modelId,
        region: deployment.regionId,
        provider: deployment.provider,
        declared: { ...deployment.capacity },
        headroom: Math.round(headroomOf(live, now) * 1000) / 1000,
        live,
      };
    }),
  );
  return {
    generatedAt: new Date(now).toISOString(),
    regions: [...catalog.regions.values()].map((region) => ({
      id: region.id,
      name: region.name,
      country: region.country,
      latitude: region.latitude,
      longitude: region.longitude,
      geographies: geographies.filter((g) => g.regionIds.includes(region.id)).map((g) => g.id),
    })),
    geographies: geographies.map((g) => ({ id: g.id, name: g.name, regions: g.regionIds })),
    profiles: [...catalog.systemProfiles.keys()].sort(),
    deployments,
    traffic: traffic.snapshot(),
    timeline: timeline.snapshot(),
  };
}
