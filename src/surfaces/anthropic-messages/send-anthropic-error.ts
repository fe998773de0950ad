/**
 * The one place an error becomes Anthropic's wire shape: `{"type":"error","error":{"type","message"},
 * "request_id"}` with the `request-id` header, `retry-after` when the catalog error carries one; in a stream, the
 * same body as an `error` event.
 */
import type { GeorouteError } from '../../errors/error-catalog.js';
import type { OutboundResponse } from '../../server/http-exchange.js';
import { anthropicErrorOf } from './anthropic-error-type.js';

export function anthropicErrorBody(error: GeorouteError, requestId: string): string {
  const { type } = anthropicErrorOf(error.code, error.status);
  return JSON.stringify({ type: 'error', error: { type, message: error.message }, request_id: requestId });
}

export function anthropicErrorEvent(error: GeorouteError, requestId: string): string {
  return `event: error\ndata: ${anthropicErrorBody(error, requestId)}\n\n`;
}

export function sendAnthropicError(response: OutboundResponse, error: GeorouteError, requestId: string, headers: Record<string, string> = {}): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = anthropicErrorBody(error, requestId);
  const out: Record<string, string> = {
    ...headers,
    'request-id': requestId,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
  };
  if (error.retryAfterSeconds !== undefined) out['retry-after'] = String(error.retryAfterSeconds);
  response.writeHead(anthropicErrorOf(error.code, error.status).status, out);
  response.end(body);
}
