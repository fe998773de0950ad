/**
 * Parses a SigV4 `Authorization` header:
 * `AWS4-HMAC-SHA256 Credential=<key id>/<yyyymmdd>/<region>/<service>/aws4_request, SignedHeaders=a;b;c, Signature=<hex>`.
 * Strict: exactly these three parts, each once; signed header names lower case, sorted and unique (as every AWS
 * SDK writes them). Returns `undefined` for anything else; the caller turns that into the generic failure.
 */

export const sigv4Algorithm = 'AWS4-HMAC-SHA256';

export interface SigV4Authorization {
  accessKeyId: string;
  /** `yyyymmdd` of the credential scope. */
  scopeDate: string;
  scopeRegion: string;
  scopeService: string;
  /** `<yyyymmdd>/<region>/<service>/aws4_request`, as it enters the string to sign. */
  credentialScope: string;
  signedHeaders: readonly string[];
  /** 64 lower-case hex digits. */
  signature: string;
}

/** A header field name in lower case, or an HTTP/2 pseudo-header such as `:authority`. */
const headerName = /^:?[a-z0-9!#$%&'*+.^_`|~-]+$/;

export function isSigV4Authorization(authorization: string): boolean {
  return authorization.startsWith(`${sigv4Algorithm} `);
}

export function parseSigV4Authorization(authorization: string): SigV4Authorization | undefined {
  if (!isSigV4Authorization(authorization)) return undefined;
  const parts = new Map<string, string>();
  for (const part of authorization.slice(sigv4Algorithm.length + 1).split(',')) {
    const trimmed = part.trim();
    const eq = trimmed.indexOf('=');
    if (eq <= 0) return undefined;
    const name = trimmed.slice(0, eq);
    if (parts.has(name)) return undefined;
    parts.set(name, trimmed.slice(eq + 1));
  }
  const credential = parts.get('Credential');
  const signedHeaderList = parts.get('SignedHeaders');
  const signature = parts.get('Signature');
  if (parts.size !== 3 || credential === undefined || signedHeaderList === undefined || signature === undefined) {
    return undefined;
  }

  const scope = credential.split('/');
  if (scope.length !== 5) return undefined;
  const [accessKeyId, scopeDate, scopeRegion, scopeService, terminator] = scope;
  if (accessKeyId === '' || !/^\d{8}$/.test(scopeDate) || scopeRegion === '' || terminator !== 'aws4_request') {
    return undefined;
  }

  const signedHeaders = signedHeaderList.split(';');
  for (let i = 0; i < signedHeaders.length; i += 1) {
    if (!headerName.test(signedHeaders[i])) return undefined;
    if (i > 0 && signedHeaders[i - 1] >= signedHeaders[i]) return undefined;
  }

  if (!/^[0-9a-f]{64}$/.test(signature)) return undefined;
  return {
    accessKeyId,
    scopeDate,
    scopeRegion,
    scopeService,
    credentialScope: `${scopeDate}/${scopeRegion}/${scopeService}/aws4_request`,
    signedHeaders,
    signature,
  };
}
