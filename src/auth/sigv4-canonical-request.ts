/**
 * The SigV4 canonical request, rebuilt from a request exactly as it was received. It follows what the AWS SDKs
 * sign for non-S3 services (`@smithy/signature-v4` with `uriEscapePath: true`):
 * - canonical URI: the received (already percent-encoded) path, URI-encoded once more segment by segment, so
 *   `%3A` becomes `%253A`;
 * - canonical query: each name and value decoded, then URI-encoded (RFC 3986 unreserved characters kept),
 *   sorted by name, then by `name=value`;
 * - canonical headers: the signed headers, values as received with runs of spaces and tabs folded to one
 *   space and the ends trimmed.
 * Each builder returns `undefined` when the request cannot be canonicalized; the caller rejects it.
 */
import type { InboundRequestCredentials } from './inbound-request-credentials.js';
import { readSingleHeader } from './inbound-request-credentials.js';

/** RFC 3986 encoding as the AWS SDKs do it: `encodeURIComponent` plus `!'()*`. */
export function escapeUriComponent(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function splitRawPath(rawPath: string): { path: string; query: string } {
  const q = rawPath.indexOf('?');
  return q === -1 ? { path: rawPath, query: '' } : { path: rawPath.slice(0, q), query: rawPath.slice(q + 1) };
}

/**
 * The canonical URI of a received path. The SDK drops empty, `.` and `..` segments before signing; a received
 * path that has any would be signed as a different path than the one routed, so it is refused instead.
 */
export function canonicalUri(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  if (path === '/') return '/';
  const trailingSlash = path.endsWith('/');
  const segments = path.slice(1, trailingSlash ? -1 : undefined).split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return undefined;
  return `/${segments.map(escapeUriComponent).join('/')}${trailingSlash ? '/' : ''}`;
}

function decodeQueryComponent(value: string): string | undefined {
  try {
    // `+` is read as a space, as URLSearchParams (and so the router) reads it; the SDKs always send `%2B`.
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/** The canonical query string. A name without `=` counts as an empty value, so it cannot be added unsigned. */
export function canonicalQuery(query: string): string | undefined {
  if (query === '') return '';
  const pairs: { name: string; pair: string }[] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeQueryComponent(eq === -1 ? part : part.slice(0, eq));
    const value = decodeQueryComponent(eq === -1 ? '' : part.slice(eq + 1));
    if (name === undefined || value === undefined) return undefined;
    const encodedName = escapeUriComponent(name);
    pairs.push({ name: encodedName, pair: `${encodedName}=${escapeUriComponent(value)}` });
  }
  pairs.sort((a, b) => compare(a.name, b.name) || compare(a.pair, b.pair));
  return pairs.map((p) => p.pair).join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The value of one signed header. `host` and `:authority` name the same thing (HTTP/1.1 and HTTP/2); when a
 * client signed one and a proxy translated the request, the other is used.
 */
function signedHeaderValue(headers: InboundRequestCredentials['headers'], name: string): string | undefined | null {
  const value = readSingleHeader(headers, name);
  if (value !== undefined) return value;
  if (name === 'host') return readSingleHeader(headers, ':authority');
  if (name === ':authority') return readSingleHeader(headers, 'host');
  return undefined;
}

/** `name:value\n` lines for the signed headers, or `undefined` when one is missing or repeated. */
export function canonicalHeaders(
  headers: InboundRequestCredentials['headers'],
  signedHeaders: readonly string[],
): string | undefined {
  let out = '';
  for (const name of signedHeaders) {
    const value = signedHeaderValue(headers, name);
    if (value === undefined || value === null) return undefined;
    const folded = value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, '');
    out += `${name}:${folded}\n`;
  }
  return out;
}

export interface CanonicalRequestInput {
  request: InboundRequestCredentials;
  signedHeaders: readonly string[];
  /** Lower-case hex SHA-256 of the body, computed by the verifier. */
  payloadHash: string;
}

export function buildCanonicalRequest({ request, signedHeaders, payloadHash }: CanonicalRequestInput): string | undefined {
  const { path, query } = splitRawPath(request.rawPath);
  const uri = canonicalUri(path);
  const queryString = canonicalQuery(query);
  const headerLines = canonicalHeaders(request.headers, signedHeaders);
  if (uri === undefined || queryString === undefined || headerLines === undefined) return undefined;
  return [request.method, uri, queryString, headerLines, signedHeaders.join(';'), payloadHash].join('\n');
}
