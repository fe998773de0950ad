/**
 * What an application profile copies (`modelSource.copyFrom`), as Bedrock accepts it:
 * - a foundation-model ARN `arn:aws:bedrock:<region>::foundation-model/<model>` -> that one region
 *   (`scope: regions [<region>]`, in-region pricing); the region must deploy the model;
 * - a system profile ARN `arn:aws:bedrock:<region>:<account>:inference-profile/<id>` -> the profile's own scope
 *   and pricing tier, so the copy routes exactly where the original does.
 * Anything else (an application profile, a bare id, a malformed ARN) is a ValidationException; a well-formed ARN
 * naming nothing is a ResourceNotFoundException.
 */
import type { Catalog, PricingTier, ProfileScope } from '../../../catalog/catalog-types.js';
import { GeorouteError } from '../../../errors/error-catalog.js';
import { parseBedrockArn } from './inference-profile-arn.js';

export interface ModelSource {
  modelId: string;
  scope: ProfileScope;
  pricingTier: PricingTier;
  /** The system profile id or model id copied (what `allowedProfiles` may name). */
  copiedFrom: string;
}

const param = 'modelSource.copyFrom';

export function resolveModelSource(catalog: Catalog, copyFrom: string): ModelSource {
  const arn = parseBedrockArn(copyFrom);
  if (!arn || arn.kind === 'application-inference-profile') {
    throw new GeorouteError(
      'invalid_request',
      `modelSource.copyFrom must be a foundation-model ARN or a system-defined inference profile ARN, not "${copyFrom}".`,
      { param },
    );
  }
  if (arn.kind === 'foundation-model') {
    const model = catalog.models.get(arn.resourceId);
    if (!model) throw new GeorouteError('profile_not_found', `The foundation model "${arn.resourceId}" does not exist.`);
    if (!catalog.regions.has(arn.region)) {
      throw new GeorouteError('invalid_request', `The region "${arn.region}" in modelSource.copyFrom is not a configured region.`, { param });
    }
    const deployed = (catalog.deploymentsByModel.get(model.id) ?? []).some((d) => d.regionId === arn.region);
    if (!deployed) {
      throw new GeorouteError('invalid_request', `The foundation model "${model.id}" is not available in ${arn.region}.`, { param });
    }
    return { modelId: model.id, scope: { kind: 'regions', regionIds: [arn.region] }, pricingTier: 'in-region', copiedFrom: model.id };
  }
  const profile = catalog.systemProfiles.get(arn.resourceId);
  if (!profile || profile.type !== 'SYSTEM_DEFINED') {
    throw new GeorouteError('profile_not_found', `The system-defined inference profile "${arn.resourceId}" does not exist.`);
  }
  if (arn.region !== '' && !catalog.regions.has(arn.region)) {
    throw new GeorouteError('invalid_request', `The region "${arn.region}" in modelSource.copyFrom is not a configured region.`, { param });
  }
  return { modelId: profile.modelId, scope: profile.scope, pricingTier: profile.pricingTier, copiedFrom: profile.id };
}
