/**
 * The authenticate stage: who is calling. `auth: none` admits everyone as the anonymous identity (credentials
 * sent anyway are ignored). Otherwise a request signed with SigV4 is checked against the access keys and any
 * other request against the API keys. No credentials and wrong credentials both fail as `unauthenticated`
 * (OpenAI surface: 401; Bedrock surface: AccessDeniedException 403), except that `allowAnonymous: true` serves
 * a request with no credentials at all as an anonymous caller without admin rights (wrong credentials still fail).
 */
import type { AuthConfig, GeorouteConfig } from '../config/config-schema.js';
import type { Identity } from './identity.js';
import { anonymousIdentity, scopeFromConfig } from './identity.js';
import type { InboundRequestCredentials } from './inbound-request-credentials.js';
import { readSingleHeader } from './inbound-request-credentials.js';
import { createApiKeyVerifier } from './api-key-verifier.js';
import { createSigV4Verifier } from './sigv4-verifier.js';
import { isSigV4Authorization } from './sigv4-authorization-header.js';
import type { ManagedCredentials } from './managed-credentials.js';

export interface AuthResult {
  identity: Identity;
  /** The SigV4 credential-scope region, for signed requests only. */
  signingRegion?: string;
}

export interface Authenticator {
  /** Throws `GeorouteError('unauthenticated')`. */
  authenticate(request: InboundRequestCredentials): AuthResult;
}

export interface AuthenticatorOptions {
  /** Region ids of the catalog; a SigV4 scope must name one of them. */
  knownRegions: ReadonlySet<string>;
  /**
   * `server.defaultSourceRegion`: the only source region anonymous callers (`allowAnonymous`) may claim unless
   * `auth.anonymous.sourceRegions` lists more. Omitted: no claim restriction (tests of the authenticator alone).
   */
  defaultSourceRegion?: string;
  /** Where `keyEnv` and `secretAccessKeyEnv` are read, once, at construction. Defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Milliseconds since the epoch, for the SigV4 clock-skew window. Defaults to `Date.now`. */
  now?: () => number;
  /** Keys managed at run time (src/keys/): then a configuration without keys is valid (keys come from the store). */
  managed?: ManagedCredentials;
}

/**
 * The caller without credentials when keys are configured and `allowAnonymous` is set. Not admin: otherwise any
 * key's `admin: false` could be escaped by sending no key. Its scope comes from `auth.anonymous`.
 */
export const anonymousCallerIdentity: Identity = Object.freeze({ ...anonymousIdentity, admin: false });

/** Anonymous callers may claim the server's default source region only, unless the operator lists more. */
export function anonymousCaller(authConfig: Exclude<AuthConfig, 'none'>, defaultSourceRegion: string | undefined): Identity {
  const configured = authConfig.anonymous ?? {};
  const sourceRegions = configured.sourceRegions ?? (defaultSourceRegion === undefined ? undefined : [defaultSourceRegion]);
  return Object.freeze({ ...anonymousCallerIdentity, ...scopeFromConfig({ ...configured, sourceRegions }) });
}

export const noCredentialsConfiguredMessage =
  'auth: no API keys or access keys are configured; add some or set "auth: none" explicitly';

/** A gateway without credentials must say so: an empty `auth` section is a startup error, never "open". */
export function assertAuthConfigured(config: Pick<GeorouteConfig, 'auth'>): void {
  const { auth } = config;
  if (auth === 'none') return;
  if (auth.apiKeys.length === 0 && auth.accessKeys.length === 0) throw new Error(noCredentialsConfiguredMessage);
}

/** Reads and hashes every configured secret now; a missing environment variable throws here, at startup. */
export function createAuthenticator(authConfig: AuthConfig, options: AuthenticatorOptions): Authenticator {
  if (options.managed === undefined) assertAuthConfigured({ auth: authConfig });
  if (authConfig === 'none') {
    return { authenticate: () => ({ identity: anonymousIdentity }) };
  }
  const apiKeys = createApiKeyVerifier(authConfig.apiKeys, { env: options.env, managed: options.managed, now: options.now });
  const sigv4 = createSigV4Verifier(authConfig.accessKeys, options);
  const allowAnonymous = authConfig.allowAnonymous;
  const anonymous = anonymousCaller(authConfig, options.defaultSourceRegion);
  return {
    authenticate(request) {
      const authorization = readSingleHeader(request.headers, 'authorization');
      if (allowAnonymous && authorization === undefined && request.headers['x-api-key'] === undefined) {
        return { identity: anonymous };
      }
      if (typeof authorization === 'string' && isSigV4Authorization(authorization)) return sigv4.verify(request);
      return apiKeys.verify(request);
    },
  };
}
