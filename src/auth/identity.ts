/** Who is calling, as established by the authenticate stage. Never carries a secret. */
export interface Identity {
  type: 'anonymous' | 'api-key' | 'access-key';
  /** The API key's configured id or the access key id; `anonymous` with `auth: none`. */
  id: string;
  /** The source region this identity defaults to (API keys), or the SigV4 credential-scope region. */
  sourceRegion?: string;
  /** When set, only profiles of these geographies (`eu`, `global`, ... or `in-region` for bare model ids). */
  allowedGeographies?: readonly string[];
  /** When set, only these profile ids. */
  allowedProfiles?: readonly string[];
  /** May use the admin API. */
  admin: boolean;
}

export const anonymousIdentity: Identity = { type: 'anonymous', id: 'anonymous', admin: true };
