/**
 * Verifies AWS Signature Version 4 (`Authorization: AWS4-HMAC-SHA256 ...`) against the access keys in the
 * configuration, so unmodified AWS SDKs (BedrockRuntimeClient with a custom endpoint) can call the gateway.
 *
 * - Scope must be `<yyyymmdd>/<known region>/bedrock/aws4_request`; the region becomes the signing region (the
 *   caller's source region).
 * - `x-amz-date` must be signed, match the scope date and be within 15 minutes of the gateway clock.
 * - `host` (or `:authority` over HTTP/2) must be signed.
 * - The body hash is computed here. `x-amz-content-sha256`, when sent, must equal it: `UNSIGNED-PAYLOAD` and
 *   streaming payload signatures are refused.
 * - `x-amz-security-token` is accepted (signed or not) and otherwise ignored: there is no STS behind the
 *   gateway; the configured access key's secret is what authenticates.
 * - Only the Authorization header form; presigned URLs (query-string signatures) are not accepted.
 * Every failure is the same `unauthenticated` error.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AuthConfig } from '../config/config-schema.js';
import { scopeFromConfig, type Identity } from './identity.js';
import type { InboundRequestCredentials } from './inbound-request-credentials.js';
import { readSingleHeader } from './inbound-request-credentials.js';
import { invalidCredentials } from './authentication-errors.js';
import { buildCanonicalRequest } from './sigv4-canonical-request.js';
import { parseSigV4Authorization, sigv4Algorithm } from './sigv4-authorization-header.js';
import { ownershipFromConfig, type ManagedCredentials } from './managed-credentials.js';

export type AccessKeyConfig = Exclude<AuthConfig, 'none'>['accessKeys'][number];

export const sigv4SigningService = 'bedrock';
export const maxClockSkewMs = 15 * 60 * 1000;

export interface SigV4VerifierOptions {
  knownRegions: ReadonlySet<string>;
  env?: NodeJS.ProcessEnv;
  /** Milliseconds since the epoch; `Date.now` by default. */
  now?: () => number;
  /** Access keys managed at run time, asked when the key id is not a configured one. */
  managed?: ManagedCredentials;
}

export interface SigV4VerificationResult {
  identity: Identity;
  /** The credential-scope region: the region the client believes it is calling. */
  signingRegion: string;
}

export interface SigV4Verifier {
  /** Throws `GeorouteError('unauthenticated')` unless the request carries a valid signature. */
  verify(request: InboundRequestCredentials): SigV4VerificationResult;
}

interface AccessKeyEntry {
  config: AccessKeyConfig;
  secretAccessKey: string;
  /** Made once per key: the signed region is returned beside it (it is the request's claim, not the key's). */
  identity: Identity;
}

/** Reads every secret once; a missing variable or a repeated key id is a startup error. */
function loadAccessKeys(accessKeys: readonly AccessKeyConfig[], env: NodeJS.ProcessEnv): Map<string, AccessKeyEntry> {
  const entries = new Map<string, AccessKeyEntry>();
  for (const key of accessKeys) {
    if (entries.has(key.accessKeyId)) {
      throw new Error(`auth.accessKeys: access key "${key.accessKeyId}" is configured more than once`);
    }
    const secretAccessKey = env[key.secretAccessKeyEnv];
    if (secretAccessKey === undefined || secretAccessKey === '') {
      throw new Error(
        `auth.accessKeys: access key "${key.accessKeyId}" reads its secret from environment variable ${key.secretAccessKeyEnv}, which is not set`,
      );
    }
    entries.set(key.accessKeyId, { config: key, secretAccessKey, identity: accessKeyIdentity(key) });
  }
  return entries;
}

/** `20250102T030405Z` -> milliseconds, or `undefined` when it is not a real UTC time in that form. */
export function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day
    || check.getUTCHours() !== hour || check.getUTCMinutes() !== minute || check.getUTCSeconds() !== second) {
    return undefined;
  }
  return ms;
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function sigv4SigningKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
}

export function createSigV4Verifier(accessKeys: readonly AccessKeyConfig[], options: SigV4VerifierOptions): SigV4Verifier {
  const keys = loadAccessKeys(accessKeys, options.env ?? process.env);
  const now = options.now ?? Date.now;

  function check(request: InboundRequestCredentials): SigV4VerificationResult | undefined {
    const authorization = readSingleHeader(request.headers, 'authorization');
    if (typeof authorization !== 'string') return undefined;
    const auth = parseSigV4Authorization(authorization);
    if (auth === undefined) return undefined;
    const entry = keys.get(auth.accessKeyId) ?? options.managed?.accessKey(auth.accessKeyId, now());
    if (entry === undefined) return undefined;
    if (auth.scopeService !== sigv4SigningService || !options.knownRegions.has(auth.scopeRegion)) return undefined;

    if (!auth.signedHeaders.includes('host') && !auth.signedHeaders.includes(':authority')) return undefined;
    if (!auth.signedHeaders.includes('x-amz-date')) return undefined;
    const amzDate = readSingleHeader(request.headers, 'x-amz-date');
    if (typeof amzDate !== 'string' || !amzDate.startsWith(auth.scopeDate)) return undefined;
    const signedAt = parseAmzDate(amzDate);
    if (signedAt === undefined || Math.abs(now() - signedAt) > maxClockSkewMs) return undefined;

    const payloadHash = createHash('sha256').update(request.body).digest('hex');
    const declaredHash = readSingleHeader(request.headers, 'x-amz-content-sha256');
    if (declaredHash !== undefined && declaredHash !== payloadHash) return undefined;

    const canonicalRequest = buildCanonicalRequest({ request, signedHeaders: auth.signedHeaders, payloadHash });
    if (canonicalRequest === undefined) return undefined;
    const stringToSign = [
      sigv4Algorithm,
      amzDate,
      auth.credentialScope,
      createHash('sha256').update(canonicalRequest, 'utf8').digest('hex'),
    ].join('\n');
    const signingKey = sigv4SigningKey(entry.secretAccessKey, auth.scopeDate, auth.scopeRegion, auth.scopeService);
    const expected = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest();
    if (!timingSafeEqual(expected, Buffer.from(auth.signature, 'hex'))) return undefined;

    return { identity: entry.identity, signingRegion: auth.scopeRegion };
  }

  return {
    verify(request) {
      const result = check(request);
      if (result === undefined) throw invalidCredentials();
      return result;
    },
  };
}

/** The signed region is the request's claim of a source region, checked against `sourceRegions` like any other. */
function accessKeyIdentity(key: AccessKeyConfig): Identity {
  return Object.freeze({ type: 'access-key', id: key.accessKeyId, admin: key.admin, ...scopeFromConfig(key), ...ownershipFromConfig(key) });
}
