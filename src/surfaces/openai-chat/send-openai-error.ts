/** The one place an error becomes OpenAI's wire shape: `{"error":{"message","type","param","code"}}`. */
import { writeWireError } from '../../api/write-wire-error.js';
import type { GeorouteError } from '../../errors/error-catalog.js';
import type { WireErrorResponse } from '../../inference/inbound-surface-contract.js';
import type { OutboundResponse } from '../../server/http-exchange.js';

export function openAiErrorBody(error: GeorouteError): string {
  return JSON.stringify({ error: { message: error.message, type: error.openaiType, param: error.param ?? null, code: error.code } });
}

export function renderOpenAiError(error: GeorouteError): WireErrorResponse {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  if (error.status === 401) headers['www-authenticate'] = 'Bearer';
  return { status: error.status, headers, body: openAiErrorBody(error) };
}

export function sendOpenAiError(response: OutboundResponse, error: GeorouteError, headers: Record<string, string> = {}): void {
  writeWireError(response, renderOpenAiError(error), headers);
}
