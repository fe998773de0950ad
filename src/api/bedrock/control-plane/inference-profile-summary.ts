/**
 * An inference profile as the control plane shows it (InferenceProfileSummary / GetInferenceProfile): `models`
 * is one foundation-model ARN per region of the residency boundary as seen from the caller's source region —
 * computed by `residencyBoundary`, the one function that decides where requests may go. A boundary that is empty
 * from this source region shows as no models (the profile exists; requests from here would be refused).
 */
import type { Catalog, InferenceProfile } from '../../../catalog/catalog-types.js';
import { GeorouteError } from '../../../errors/error-catalog.js';
import { residencyBoundary } from '../../../routing/residency-boundary.js';
import { applicationProfileArn, foundationModelArn, systemProfileArn } from './inference-profile-arn.js';

export interface InferenceProfileSummary {
  inferenceProfileName: string;
  inferenceProfileArn: string;
  inferenceProfileId: string;
  description?: string;
  models: Array<{ modelArn: string }>;
  status: 'ACTIVE';
  type: 'SYSTEM_DEFINED' | 'APPLICATION';
  createdAt: string;
  updatedAt: string;
}

export function inferenceProfileArn(profile: InferenceProfile, sourceRegionId: string): string {
  return profile.type === 'APPLICATION' ? applicationProfileArn(sourceRegionId, profile.id) : systemProfileArn(sourceRegionId, profile.id);
}

export function boundaryModelArns(catalog: Catalog, profile: InferenceProfile, sourceRegionId: string): Array<{ modelArn: string }> {
  let regions: readonly string[];
  try {
    regions = residencyBoundary(catalog, profile, sourceRegionId);
  } catch (error) {
    if (error instanceof GeorouteError && error.code === 'no_region_in_boundary') return [];
    throw error;
  }
  return regions.map((regionId) => ({ modelArn: foundationModelArn(regionId, profile.modelId) }));
}

export function summarizeInferenceProfile(catalog: Catalog, profile: InferenceProfile, sourceRegionId: string): InferenceProfileSummary {
  if (profile.type === 'FOUNDATION_MODEL') {
    throw new GeorouteError('internal', `"${profile.id}" is a foundation model, not an inference profile.`);
  }
  return {
    inferenceProfileName: profile.name,
    inferenceProfileArn: inferenceProfileArn(profile, sourceRegionId),
    inferenceProfileId: profile.id,
    ...(profile.description === '' ? {} : { description: profile.description }),
    models: boundaryModelArns(catalog, profile, sourceRegionId),
    status: 'ACTIVE',
    type: profile.type,
    createdAt: profile.createdAt,
    updatedAt: profile.updatedAt,
  };
}
