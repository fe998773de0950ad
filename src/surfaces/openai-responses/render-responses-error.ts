/**
 * The one place a catalog error becomes the Responses API's error answer: OpenAI's error shape
 * `{"error":{"message","type","param","code"}}` (the same as chat completions), with `retry-after` when the error
 * carries one. After the first byte a failure is in the stream instead (see the stream renderer and
 * `responses-response-writer.ts`).
 */
import type { GeorouteError } from '../../errors/error-catalog.js';
import type { WireErrorResponse } from '../../inference/inbound-surface-contract.js';
import { openAiErrorBody } from '../openai-chat/send-openai-error.js';

export function renderResponsesError(error: GeorouteError, requestId: string): WireErrorResponse {
  const body = openAiErrorBody(error);
  const headers: Record<string, string> = { 'x-request-id': requestId, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  if (error.status === 401) headers['www-authenticate'] = 'Bearer';
  return { status: error.status, headers, body };
}

/** The in-stream failure: `response.failed`'s error and the `error` event's code for a catalog error. */
export function responsesStreamErrorCode(error: GeorouteError): string {
  return error.status === 429 ? 'rate_limit_exceeded' : 'server_error';
}
