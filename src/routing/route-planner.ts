/**
 * The planner: orders the deployments inside the residency boundary, best first, reading the capacity store
 * only (it never sends anything, so `georoute explain` can call it). Order: the deployment that last served the
 * request's session (session affinity, dispatch only) while it has headroom and its breaker is not open; then the
 * source region while it has headroom and its breaker is not open; then by headroom bucket, nearer first
 * (distance from the source region plus a latency weight); then saturated or throttled deployments; open breakers
 * last.
 */
import type { Catalog, Deployment } from '../catalog/catalog-types.js';
import type { CapacityStore, DeploymentSnapshot, PlanInput, RouteCandidate, RoutePlan } from './routing-contract.js';
import { headroomOf } from './capacity-outlook.js';
import { regionDistanceKm } from './geo-distance.js';
import { deploymentInsideBoundary } from './residency-boundary.js';

export interface PlannerOptions {
  /** Kilometres added to a candidate's distance per millisecond of smoothed time to first byte. */
  latencyWeightKmPerMs: number;
  /** Headroom is compared in this many steps before distance decides (4: steps of 0.25). */
  headroomBuckets: number;
}

export const defaultPlannerOptions: PlannerOptions = { latencyWeightKmPerMs: 10, headroomBuckets: 4 };

export interface PlannerContext {
  catalog: Catalog;
  store: CapacityStore;
  options: PlannerOptions;
}

const enum Tier {
  SessionAffinity = 0,
  SourceWithHeadroom = 1,
  Spillover = 2,
  Saturated = 3,
  BreakerOpen = 4,
}

interface Ranked {
  candidate: RouteCandidate;
  snapshot: DeploymentSnapshot;
  tier: Tier;
  bucket: number;
  effectiveKm: number;
}

/**
 * The deployments of the profile's model inside `boundary` (and accepted by `input.accepts`), ordered.
 * `affinityDeploymentId` (the deployment that last served the request's session) goes first when it is one of
 * them, its breaker is not open and it has headroom; it never adds a deployment.
 */
export async function planRoute(
  context: PlannerContext,
  boundary: readonly string[],
  input: PlanInput,
  now: number,
  affinityDeploymentId?: string,
): Promise<RoutePlan> {
  const { catalog, store, options } = context;
  const deployments = (catalog.deploymentsByModel.get(input.profile.modelId) ?? []).filter(
    (d) => d.modelId === input.profile.modelId && deploymentInsideBoundary(boundary, d) && (input.accepts === undefined || input.accepts(d)),
  );
  const snapshots = await Promise.all(deployments.map((d) => store.snapshot(d, now)));
  const ranked = deployments.map((deployment, i) =>
    rank(catalog, options, input.sourceRegionId, deployment, snapshots[i], now, deployment.id === affinityDeploymentId),
  );
  ranked.sort(compareRanked);
  let firstSpillover = true;
  for (const entry of ranked) {
    entry.candidate.reason = reasonFor(entry, input.sourceRegionId, now, firstSpillover);
    if (entry.tier === Tier.Spillover) firstSpillover = false;
  }
  return {
    profileId: input.profile.id,
    sourceRegionId: input.sourceRegionId,
    boundary,
    candidates: ranked.map((entry) => entry.candidate),
  };
}

function rank(
  catalog: Catalog,
  options: PlannerOptions,
  sourceRegionId: string,
  deployment: Deployment,
  snapshot: DeploymentSnapshot,
  now: number,
  servedSession: boolean,
): Ranked {
  const isSourceRegion = deployment.regionId === sourceRegionId;
  const headroom = headroomOf(snapshot, now);
  const distanceKm = regionDistanceKm(catalog, sourceRegionId, deployment.regionId);
  let tier: Tier;
  if (snapshot.breaker === 'open') tier = Tier.BreakerOpen;
  else if (headroom <= 0) tier = Tier.Saturated;
  else if (servedSession) tier = Tier.SessionAffinity;
  else tier = isSourceRegion ? Tier.SourceWithHeadroom : Tier.Spillover;
  return {
    candidate: {
      deployment,
      regionId: deployment.regionId,
      isSourceRegion,
      distanceKm,
      headroom,
      breaker: snapshot.breaker,
      latencyMs: snapshot.latencyMs,
      reason: '',
    },
    snapshot,
    tier,
    bucket: Math.ceil(headroom * options.headroomBuckets),
    effectiveKm: distanceKm + options.latencyWeightKmPerMs * (snapshot.latencyMs ?? 0),
  };
}

function compareRanked(a: Ranked, b: Ranked): number {
  if (a.tier !== b.tier) return a.tier - b.tier;
  if (a.bucket !== b.bucket) return b.bucket - a.bucket;
  if (a.effectiveKm !== b.effectiveKm) return a.effectiveKm - b.effectiveKm;
  const ids = a.candidate.deployment.id;
  const other = b.candidate.deployment.id;
  return ids < other ? -1 : ids > other ? 1 : 0;
}

function reasonFor(entry: Ranked, sourceRegionId: string, now: number, firstSpillover: boolean): string {
  const { candidate, snapshot } = entry;
  const prefix = candidate.isSourceRegion ? 'source region, ' : '';
  const probe = candidate.breaker === 'half-open' ? ', breaker half-open: one probe allowed' : '';
  switch (entry.tier) {
    case Tier.SessionAffinity:
      return `${prefix}session affinity: served this session last (headroom ${candidate.headroom.toFixed(2)})${probe}`;
    case Tier.SourceWithHeadroom:
      return `source region, headroom ${candidate.headroom.toFixed(2)}${probe}`;
    case Tier.Spillover: {
      const latency = candidate.latencyMs === undefined ? '' : `, ttfb ${Math.round(candidate.latencyMs)} ms`;
      const where = `headroom ${candidate.headroom.toFixed(2)}, ${Math.round(candidate.distanceKm)} km from ${sourceRegionId}${latency}`;
      return `${firstSpillover ? 'spillover: nearest with headroom' : 'spillover'} (${where})${probe}`;
    }
    case Tier.Saturated:
      return `${prefix}${saturationReason(snapshot, now)}`;
    case Tier.BreakerOpen:
      return `${prefix}breaker open until ${isoTime(snapshot.breakerOpenUntil)} after ${snapshot.consecutiveFailures} consecutive failures`;
  }
}

function saturationReason(snapshot: DeploymentSnapshot, now: number): string {
  if (snapshot.throttledUntil > now) return `throttled (429) until ${isoTime(snapshot.throttledUntil)}`;
  if (snapshot.inFlight >= snapshot.learnedMaxConcurrent) {
    return `saturated: ${snapshot.inFlight}/${snapshot.learnedMaxConcurrent} in flight`;
  }
  if (snapshot.requestsLastMinute >= snapshot.learnedRequestsPerMinute) {
    return `saturated: ${snapshot.requestsLastMinute}/${snapshot.learnedRequestsPerMinute} requests in the last minute`;
  }
  return `saturated: ${Math.round(snapshot.tokensLastMinute)}/${snapshot.learnedTokensPerMinute} tokens in the last minute`;
}

function isoTime(epochMs: number | undefined): string {
  return epochMs === undefined || !Number.isFinite(epochMs) ? 'unknown' : new Date(epochMs).toISOString();
}
