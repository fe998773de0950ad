/** The one place an error becomes OpenAI's wire shape: `{"error":{"message","type","param","code"}}`. */
import type { GeorouteError } from '../../errors/error-catalog.js';
import type { OutboundResponse } from '../../server/http-exchange.js';

export function openAiErrorBody(error: GeorouteError): string {
  return JSON.stringify({ error: { message: error.message, type: error.openaiType, param: error.param ?? null, code: error.code } });
}

export function sendOpenAiError(response: OutboundResponse, error: GeorouteError, headers: Record<string, string> = {}): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = openAiErrorBody(error);
  const out: Record<string, string> = { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
  if (error.retryAfterSeconds !== undefined) out['retry-after'] = String(error.retryAfterSeconds);
  if (error.status === 401) out['www-authenticate'] = 'Bearer';
  response.writeHead(error.status, out);
  response.end(body);
}
