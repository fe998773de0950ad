/**
 * What the authenticate stage reads from an inbound request, independent of HTTP/1.1 or HTTP/2 and of the API
 * surface. The body must be complete: a SigV4 signature covers its hash.
 */
export interface InboundRequestCredentials {
  method: string;
  /** Path and query exactly as received (`/model/eu.amazon.nova-2-lite-v1%3A0/converse`), still percent-encoded. */
  rawPath: string;
  /**
   * Header names in lower case, values as Node delivers them. HTTP/2 pseudo-headers (`:authority`) are included:
   * the AWS SDK signs `:authority` instead of `host` over HTTP/2.
   */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Uint8Array;
}

/**
 * The single value of a header, `undefined` when absent. A header repeated with different values is ambiguous
 * for authentication, so it yields `null` and the caller rejects the request.
 */
export function readSingleHeader(
  headers: InboundRequestCredentials['headers'],
  name: string,
): string | undefined | null {
  const value = headers[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (value.length === 0) return undefined;
  return value.every((v) => v === value[0]) ? value[0] : null;
}
