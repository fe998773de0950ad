/**
 * Finds the profile a control-plane path names (`{idOrArn}`): a system-defined profile id or ARN, an application
 * profile id or ARN. Bare foundation-model ids are models, not inference profiles: not found here, as in Bedrock.
 */
import { ApplicationProfileStore } from '../../../catalog/application-profile-store.js';
import type { InferenceProfile } from '../../../catalog/catalog-types.js';
import { GeorouteError } from '../../../errors/error-catalog.js';
import type { GatewayContext } from '../../../gateway/gateway-context.js';
import { decodeProfileIdentifier } from './inference-profile-arn.js';

const MAX_IDENTIFIER_LENGTH = 2048;

/** The writable application profile store attached to the resolver, if the gateway opened one. */
export function applicationProfileStoreOf(gateway: GatewayContext): ApplicationProfileStore | undefined {
  const lookup = gateway.profiles.applicationProfiles;
  return lookup instanceof ApplicationProfileStore ? lookup : undefined;
}

export function requireApplicationProfileStore(gateway: GatewayContext): ApplicationProfileStore {
  const store = applicationProfileStoreOf(gateway);
  if (!store) throw new GeorouteError('unsupported_operation', 'Application inference profiles are not enabled on this gateway.');
  return store;
}

export function findInferenceProfile(gateway: GatewayContext, rawIdentifier: string): InferenceProfile {
  const identifier = decodeProfileIdentifier(rawIdentifier);
  if (identifier.length === 0 || identifier.length > MAX_IDENTIFIER_LENGTH) {
    throw new GeorouteError('invalid_request', `The inference profile identifier must be 1 to ${MAX_IDENTIFIER_LENGTH} characters.`, {
      param: 'inferenceProfileIdentifier',
    });
  }
  const resolved = gateway.profiles.resolve(identifier);
  if (!resolved || resolved.profile.type === 'FOUNDATION_MODEL') {
    throw new GeorouteError('profile_not_found', `The inference profile "${identifier}" does not exist.`);
  }
  return resolved.profile;
}
