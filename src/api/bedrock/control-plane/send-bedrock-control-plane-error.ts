/**
 * A GeorouteError in Bedrock's wire shape: `x-amzn-errortype: <Type>`, `{"message"}`, `x-amzn-requestid`. Used
 * for the control-plane routes until the Bedrock Runtime surface's responder (the same format) replaces it.
 */
import type { GeorouteError } from '../../../errors/error-catalog.js';
import type { HttpExchange } from '../../../server/http-exchange.js';

export function sendBedrockControlPlaneError(exchange: HttpExchange, error: GeorouteError): void {
  if (exchange.response.headersSent) {
    exchange.response.destroy();
    return;
  }
  const body = JSON.stringify({ message: error.message });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'x-amzn-errortype': error.bedrockType,
    'x-amzn-requestid': exchange.requestId,
  };
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  exchange.response.writeHead(error.status, headers);
  exchange.response.end(body);
}
