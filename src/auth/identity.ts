/**
 * Who is calling, as established by the authenticate stage, and what it may use. Never carries a secret.
 *
 * `IdentityScope` is the one definition of what an identity may use; configured keys, the anonymous caller and
 * keys managed at run time (src/keys/) all carry one. The residency boundary (src/routing/residency-boundary.ts)
 * intersects it with the profile's boundary: it is the only code that turns a scope into regions.
 */
import type { Limits } from '../limits/limits.js';

export interface IdentityScope {
  /** When set, only profiles of these geographies (`eu`, `global`, ... or `in-region` for bare model ids), and
   * only source regions inside the listed geographies (`in-region` alone restricts no region). */
  readonly allowedGeographies?: readonly string[];
  /** When set, only these profile ids, and only source regions inside the profile's own geography. */
  readonly allowedProfiles?: readonly string[];
  /** When set, the only source regions this identity may claim (header, SigV4 credential scope). */
  readonly sourceRegions?: readonly string[];
}

export interface Identity extends IdentityScope {
  type: 'anonymous' | 'api-key' | 'access-key';
  /** The team that owns the key; its team limits apply beside the key's own (src/limits/). */
  team?: string;
  /** The key's own budgets and rate limits. */
  limits?: Limits;
  /** The API key's configured id or the access key id; `anonymous` for callers without credentials. */
  id: string;
  /** The source region used when the request names none (an API key's `sourceRegion`). */
  sourceRegion?: string;
  /** May use the admin API. */
  admin: boolean;
}

/** `auth: none`: no identities exist, so nothing can be scoped; every caller is this unrestricted admin. */
export const anonymousIdentity: Identity = { type: 'anonymous', id: 'anonymous', admin: true };

/** The scope as configured under a key (or `auth.anonymous`), frozen so that it can key caches. */
export interface IdentityScopeConfig {
  sourceRegion?: string;
  sourceRegions?: readonly string[];
  allowedGeographies?: readonly string[];
  allowedProfiles?: readonly string[];
}

/**
 * The scope fields of an identity from its configuration. A key bound to one `sourceRegion` (and no
 * `sourceRegions` list) may claim that region only.
 */
export function scopeFromConfig(config: IdentityScopeConfig): IdentityScope {
  const scope: { -readonly [K in keyof IdentityScope]: IdentityScope[K] } = {};
  const claimable = config.sourceRegions ?? (config.sourceRegion === undefined ? undefined : [config.sourceRegion]);
  if (claimable !== undefined) scope.sourceRegions = Object.freeze([...claimable]);
  if (config.allowedGeographies !== undefined) scope.allowedGeographies = Object.freeze([...config.allowedGeographies]);
  if (config.allowedProfiles !== undefined) scope.allowedProfiles = Object.freeze([...config.allowedProfiles]);
  return scope;
}

/**
 * The source region of a request that names none: the identity's own, else the server default when the identity
 * may claim it, else the first region it may claim.
 */
export function defaultSourceRegionOf(identity: Identity, serverDefault: string): string {
  if (identity.sourceRegion !== undefined) return identity.sourceRegion;
  const claimable = identity.sourceRegions;
  if (claimable === undefined || claimable.length === 0 || claimable.includes(serverDefault)) return serverDefault;
  return claimable[0];
}
