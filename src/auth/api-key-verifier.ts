/**
 * Bearer API keys: `Authorization: Bearer <key>` (OpenAI clients, and the AWS SDKs with
 * `AWS_BEARER_TOKEN_BEDROCK`) or `x-api-key: <key>`. Keys are configured as `keySha256` (hex SHA-256 of the key)
 * or `keyEnv` (hashed when loaded; the plaintext is not kept), or managed at run time (src/keys/, stored as the
 * same hash). A presented key is hashed and looked up: configured keys first, then managed ones.
 *
 * AWS short-term Bedrock API keys (`bedrock-api-key-<base64 presigned URL>`) are out of scope: they are not
 * decoded or checked against a presigned signature. Such a token is an opaque key like any other and only works
 * when its hash is configured.
 */
import { createHash } from 'node:crypto';
import type { AuthConfig } from '../config/config-schema.js';
import { scopeFromConfig, type Identity } from './identity.js';
import type { InboundRequestCredentials } from './inbound-request-credentials.js';
import { readSingleHeader } from './inbound-request-credentials.js';
import { invalidCredentials, missingCredentials } from './authentication-errors.js';
import { ownershipFromConfig, type ManagedCredentials } from './managed-credentials.js';

export type ApiKeyConfig = Exclude<AuthConfig, 'none'>['apiKeys'][number];

export interface ApiKeyVerifier {
  /** Throws `GeorouteError('unauthenticated')` when no key is presented or the key is not configured. */
  verify(request: InboundRequestCredentials): { identity: Identity };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Hashes every key once; a missing variable or the same key configured twice is a startup error. */
function loadApiKeys(apiKeys: readonly ApiKeyConfig[], env: NodeJS.ProcessEnv): Map<string, Identity> {
  const byHash = new Map<string, Identity>();
  const idByHash = new Map<string, string>();
  for (const key of apiKeys) {
    let hash = key.keySha256;
    if (key.keyEnv !== undefined) {
      const plaintext = env[key.keyEnv];
      if (plaintext === undefined || plaintext === '') {
        throw new Error(`auth.apiKeys: API key "${key.id}" reads its key from environment variable ${key.keyEnv}, which is not set`);
      }
      hash = sha256Hex(plaintext);
    }
    if (hash === undefined) throw new Error(`auth.apiKeys: API key "${key.id}" has neither keySha256 nor keyEnv`);
    const other = idByHash.get(hash);
    if (other !== undefined) throw new Error(`auth.apiKeys: API keys "${other}" and "${key.id}" are the same key`);
    idByHash.set(hash, key.id);
    byHash.set(hash, apiKeyIdentity(key));
  }
  return byHash;
}

/** One frozen identity per key, made once: the router caches boundaries per identity scope object. */
function apiKeyIdentity(key: ApiKeyConfig): Identity {
  const identity: Identity = { type: 'api-key', id: key.id, admin: key.admin, ...scopeFromConfig(key), ...ownershipFromConfig(key) };
  if (key.sourceRegion !== undefined) identity.sourceRegion = key.sourceRegion;
  return Object.freeze(identity);
}

/**
 * The key a request presents. `Authorization` must use the Bearer scheme when sent; when both it and
 * `x-api-key` are sent they must agree. `undefined`: nothing presented; `null`: presented but unusable.
 */
export function readPresentedApiKey(headers: InboundRequestCredentials['headers']): string | undefined | null {
  const authorization = readSingleHeader(headers, 'authorization');
  const apiKeyHeader = readSingleHeader(headers, 'x-api-key');
  if (authorization === null || apiKeyHeader === null) return null;
  let bearer: string | undefined;
  if (authorization !== undefined) {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    if (m === null) return null;
    bearer = m[1];
  }
  const fromHeader = apiKeyHeader?.trim();
  if (fromHeader === '') return null;
  if (bearer !== undefined && fromHeader !== undefined && bearer !== fromHeader) return null;
  return bearer ?? fromHeader;
}

export interface ApiKeyVerifierOptions {
  env?: NodeJS.ProcessEnv;
  /** Keys managed at run time, asked when the hash is not a configured key's. */
  managed?: ManagedCredentials;
  now?: () => number;
}

export function createApiKeyVerifier(apiKeys: readonly ApiKeyConfig[], options: ApiKeyVerifierOptions = {}): ApiKeyVerifier {
  const byHash = loadApiKeys(apiKeys, options.env ?? process.env);
  const { managed, now = Date.now } = options;
  return {
    verify(request) {
      const presented = readPresentedApiKey(request.headers);
      if (presented === undefined) throw missingCredentials();
      const hash = presented === null ? undefined : sha256Hex(presented);
      const identity = hash === undefined ? undefined : byHash.get(hash) ?? managed?.apiKey(hash, now());
      if (identity === undefined) throw invalidCredentials();
      return { identity };
    },
  };
}
