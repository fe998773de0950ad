/**
 * Bedrock model ids that make Bedrock route on its own: a cross-region (system-defined) inference profile
 * (`eu.`, `us.`, `apac.`, `jp.`, `au.`, `ca.`, `us-gov.`, `global.` prefixes) or an inference-profile ARN. Bedrock
 * then picks the processing region among the profile's destinations, which georoute cannot see, so such a
 * deployment must declare `processingRegions`. Pure data: no imports, read by the configuration check.
 *
 * Destination regions as AWS documents them (Bedrock user guide, "Supported Regions and models for inference
 * profiles"; they vary per model, so they are a hint for the operator, never applied on their own).
 */
import type { DelegatedUpstreamModel, DelegationDetector } from '../../catalog/delegated-upstream-model.js';

const DOCUMENTED_DESTINATIONS: ReadonlyArray<readonly [prefix: string, regions: readonly string[]]> = [
  // `us-gov.` before `us.`: the longer prefix wins.
  ['us-gov.', ['us-gov-east-1', 'us-gov-west-1']],
  ['us.', ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2']],
  ['eu.', ['eu-central-1', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-3']],
  ['apac.', ['ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-4']],
  ['jp.', ['ap-northeast-1', 'ap-northeast-3']],
  ['au.', ['ap-southeast-2', 'ap-southeast-4']],
  ['ca.', ['ca-central-1', 'ca-west-1']],
  ['global.', []],
];

const PROFILE_ARN = /^arn:aws[a-z-]*:bedrock:[a-z0-9-]*:\d*:(inference-profile|application-inference-profile)\/(.+)$/;

function byPrefix(id: string): DelegatedUpstreamModel | undefined {
  for (const [prefix, regions] of DOCUMENTED_DESTINATIONS) {
    if (!id.startsWith(prefix)) continue;
    return {
      description: `the Bedrock cross-region inference profile prefix "${prefix}"`,
      documentedRegionsHint: `AWS documents: ${regions.length === 0 ? 'every commercial AWS region' : regions.join(', ')}`,
      ...(regions.length === 0 ? { mayProcessAnywhere: true } : {}),
    };
  }
  return undefined;
}

/** Whether Bedrock decides the processing region for this `upstreamModel`, and what AWS documents for it. */
export function bedrockDelegationOf(upstreamModel: string): DelegatedUpstreamModel | undefined {
  const arn = PROFILE_ARN.exec(upstreamModel);
  if (arn === null) return byPrefix(upstreamModel);
  const [, kind, id] = arn;
  if (kind === 'application-inference-profile') {
    return {
      description: 'an application inference profile ARN',
      documentedRegionsHint: 'AWS documents: the regions of the profile or model it was copied from (GetInferenceProfile lists them)',
    };
  }
  const prefixed = byPrefix(id);
  return {
    description: `an inference-profile ARN${prefixed ? ` (${prefixed.description})` : ''}`,
    documentedRegionsHint: prefixed?.documentedRegionsHint ?? 'AWS documents: the destination regions of that inference profile (GetInferenceProfile lists them)',
    ...(prefixed?.mayProcessAnywhere === true ? { mayProcessAnywhere: true } : {}),
  };
}

/** The registry's detector: by `upstreamModel`. */
export const bedrockDelegationDetector: DelegationDetector = (deployment) =>
  deployment.upstreamModel === undefined ? undefined : bedrockDelegationOf(deployment.upstreamModel);
