/**
 * What the audit record may say about where a request was processed. A deployment that processes in its own
 * region only: that region. One whose upstream routes on its own (`processingRegions`): the whole candidate set,
 * and a single region only when the upstream reported it; never one made up by the gateway. One whose set is unknown:
 * nothing, unless the upstream reported where.
 */
import type { Deployment } from '../catalog/catalog-types.js';

export interface WhereProcessed {
  /** The region it ran in, when the gateway knows it. */
  inferenceRegionId?: string;
  /** For a deployment that delegates: every region its upstream may have processed the request in. */
  inferenceRegionCandidates?: readonly string[];
}

/** `reportedRegionId`: where the upstream said it ran; ignored for a deployment that processes in its region only. */
export function whereProcessed(deployment: Deployment, reportedRegionId?: string): WhereProcessed {
  const set = deployment.processingRegionIds;
  // An unknown processing set (a global endpoint): the gateway can name no region, so the record names none.
  if (set.length === 0) return reportedRegionId === undefined ? {} : { inferenceRegionId: reportedRegionId };
  if (set.length === 1 && set[0] === deployment.regionId) return { inferenceRegionId: deployment.regionId };
  return reportedRegionId === undefined ? { inferenceRegionCandidates: set } : { inferenceRegionId: reportedRegionId, inferenceRegionCandidates: set };
}
