/**
 * The authenticate stage's view of keys managed at run time (src/keys/managed-key-registry.ts keeps them in
 * memory, refreshed from the state store): lookups are synchronous memory reads on the request path. An expired or
 * revoked key is not found. Also: a configured key's owner team and limits, the same fields a managed key carries.
 */
import type { LimitsConfig } from '../config/config-schema.js';
import { limitsFromConfig, type Limits } from '../limits/limits.js';
import type { Identity } from './identity.js';

export interface ManagedAccessKey {
  identity: Identity;
  secretAccessKey: string;
}

export interface ManagedCredentials {
  /** The identity of the managed API key with this hex SHA-256, if one is active at `now`. */
  apiKey(sha256: string, now: number): Identity | undefined;
  accessKey(accessKeyId: string, now: number): ManagedAccessKey | undefined;
}

export function ownershipFromConfig(key: { team?: string; limits?: LimitsConfig }): { team?: string; limits?: Limits } {
  const out: { team?: string; limits?: Limits } = {};
  if (key.team !== undefined) out.team = key.team;
  if (key.limits !== undefined) out.limits = limitsFromConfig(key.limits);
  return out;
}
