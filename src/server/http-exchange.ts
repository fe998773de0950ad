/**
 * The request/response pair a handler works with, the same for HTTP/1.1 (node:http) and HTTP/2 (node:http2's
 * compatibility API): both expose this subset.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import type { StopSignal } from '../inference/stop-signal.js';

export type InboundRequest = IncomingMessage | Http2ServerRequest;

/** The part of a response both node:http and node:http2 (compatibility API) provide. */
export interface OutboundResponse {
  readonly headersSent: boolean;
  readonly writableFinished: boolean;
  writeHead(status: number, headers?: Record<string, string | string[]>): unknown;
  write(chunk: string | Uint8Array): boolean;
  end(chunk?: string | Uint8Array): unknown;
  destroy(error?: Error): unknown;
  on(event: 'close' | 'drain', listener: () => void): unknown;
  once(event: 'close' | 'drain', listener: () => void): unknown;
  off(event: 'close' | 'drain', listener: () => void): unknown;
}

/** Compile-time proof that both response classes fit the interface. */
export type NodeResponses = [ServerResponse, Http2ServerResponse] extends [OutboundResponse, OutboundResponse] ? true : never;

export interface HttpExchange {
  request: InboundRequest;
  response: OutboundResponse;
  /** Path without the query string, still percent-encoded. */
  path: string;
  /** Path and query exactly as received (SigV4 verifies over it). */
  rawPath: string;
  query: URLSearchParams;
  /** Aborted when the client goes away before the response is complete (not an AbortSignal: stop-signal.ts). */
  signal: StopSignal;
  /** The gateway's own id of this request (a random UUID): the audit record's `requestID`. Never client-chosen. */
  requestId: string;
  /** A well-formed `x-request-id` the client sent, kept apart from `requestId` (audit: `clientRequestId`). */
  clientRequestId?: string;
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
