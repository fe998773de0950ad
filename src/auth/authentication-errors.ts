/**
 * The two ways authentication fails. Every wrong credential (unknown key, bad signature, stale date, wrong
 * scope, malformed header) gets the same message, so a caller learns nothing about which part was wrong.
 */
import { GeorouteError } from '../errors/error-catalog.js';

export const invalidCredentialsMessage = 'The request could not be authenticated with the credentials provided.';

export const missingCredentialsMessage =
  'No credentials were provided: send an API key (Authorization: Bearer <key> or x-api-key) or sign the request with AWS Signature Version 4.';

export function invalidCredentials(): GeorouteError {
  return new GeorouteError('unauthenticated', invalidCredentialsMessage);
}

export function missingCredentials(): GeorouteError {
  return new GeorouteError('unauthenticated', missingCredentialsMessage);
}
