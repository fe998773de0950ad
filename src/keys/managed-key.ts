/**
 * A key managed at run time (admin API, `georoute keys`): a bearer API key or a SigV4 access key, with an id, a
 * name, an owner team, tags, an optional expiry, the same scope fields a configured key has, and its own limits.
 * The public view never holds a secret: an API key is stored as its SHA-256 only (shown once, at creation or
 * rotation), an access key's secret sealed with AES-256-GCM (secret-box.ts), since SigV4 needs the secret itself.
 */
import type { IdentityScopeConfig } from '../auth/identity.js';
import type { Limits } from '../limits/limits.js';

export type ManagedKeyKind = 'api-key' | 'access-key';

export interface ManagedKeyDefinition extends IdentityScopeConfig {
  name: string;
  team?: string;
  tags: Readonly<Record<string, string>>;
  /** Epoch ms after which the key no longer authenticates. */
  expiresAt?: number;
  admin: boolean;
  limits?: Limits;
}

export interface ManagedKey extends ManagedKeyDefinition {
  id: string;
  kind: ManagedKeyKind;
  /** Enough to recognise the key in a listing (`grk_3fA9…`), never enough to use it; the access key id itself. */
  hint: string;
  accessKeyId?: string;
  createdAt: number;
  updatedAt: number;
  revokedAt?: number;
  /** The state revision of its last change (src/state/state-migrations.ts). */
  revision: number;
}

/** What the store keeps beside the public view: the API key's hash or the access key's sealed secret. */
export interface StoredManagedKey extends ManagedKey {
  secretSha256?: string;
  secretSealed?: string;
}

/** The public view (no hash, no sealed secret), for the admin API and the CLI. */
export function publicKeyView(key: StoredManagedKey): ManagedKey {
  const { secretSha256: _hash, secretSealed: _sealed, ...view } = key;
  return view;
}

export function isKeyActive(key: ManagedKey, now: number): boolean {
  return key.revokedAt === undefined && (key.expiresAt === undefined || key.expiresAt > now);
}
