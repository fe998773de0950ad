/**
 * The request/response pair a handler works with, the same for HTTP/1.1 (node:http) and HTTP/2 (node:http2's
 * compatibility API): both expose this subset.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';

export type InboundRequest = IncomingMessage | Http2ServerRequest;
export type OutboundResponse = ServerResponse | Http2ServerResponse;

export interface HttpExchange {
  request: InboundRequest;
  response: OutboundResponse;
  /** Path without the query string, still percent-encoded. */
  path: string;
  /** Path and query exactly as received (SigV4 verifies over it). */
  rawPath: string;
  query: URLSearchParams;
  /** Aborted when the client goes away before the response is complete. */
  signal: AbortSignal;
  requestId: string;
  receivedAt: number;
}

export type HttpHandler = (exchange: HttpExchange) => Promise<void>;

export function headerValue(request: InboundRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function clientAddress(request: InboundRequest): string {
  return request.socket?.remoteAddress ?? 'unknown';
}
