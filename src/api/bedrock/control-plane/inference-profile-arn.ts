/**
 * ARNs of the control plane. georoute has no AWS account, so every ARN it issues carries the fixed account id
 * `000000000000`; ARNs it reads may carry any account id (it is not checked), as clients copy them from AWS.
 * The region of an issued ARN is the caller's source region, as Bedrock issues ARNs in the region called.
 */
import { GeorouteError } from '../../../errors/error-catalog.js';

export const GEOROUTE_ACCOUNT_ID = '000000000000';

export type ArnResourceKind = 'inference-profile' | 'application-inference-profile' | 'foundation-model';

export interface ParsedBedrockArn {
  region: string;
  account: string;
  kind: ArnResourceKind;
  resourceId: string;
}

const BEDROCK_ARN = /^arn:aws[a-z-]*:bedrock:([a-z0-9-]*):(\d*):(inference-profile|application-inference-profile|foundation-model)\/(.+)$/;

export function parseBedrockArn(value: string): ParsedBedrockArn | undefined {
  const match = BEDROCK_ARN.exec(value);
  if (!match) return undefined;
  const [, region, account, kind, resourceId] = match;
  return { region, account, kind: kind as ArnResourceKind, resourceId };
}

export function systemProfileArn(sourceRegionId: string, profileId: string): string {
  return `arn:aws:bedrock:${sourceRegionId}:${GEOROUTE_ACCOUNT_ID}:inference-profile/${profileId}`;
}

export function applicationProfileArn(sourceRegionId: string, profileId: string): string {
  return `arn:aws:bedrock:${sourceRegionId}:${GEOROUTE_ACCOUNT_ID}:application-inference-profile/${profileId}`;
}

export function foundationModelArn(regionId: string, modelId: string): string {
  return `arn:aws:bedrock:${regionId}::foundation-model/${modelId}`;
}

/** The `{idOrArn}` path segment, percent-decoded; a malformed escape is a ValidationException. */
export function decodeProfileIdentifier(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new GeorouteError('invalid_request', 'The inference profile identifier in the path is not validly percent-encoded.', {
      param: 'inferenceProfileIdentifier',
    });
  }
}
