/**
 * The one place an error becomes the Bedrock Runtime wire format: before the response started, a status, the
 * `x-amzn-errortype` header and `{"message"}` (what the AWS SDKs turn into typed exceptions); after a stream
 * started, an exception frame with the lower-camel `:exception-type`. Authentication failures are
 * `AccessDeniedException` 403 on this surface, as Bedrock answers them; throttling carries Bedrock's own message.
 */
import { writeWireError } from '../../api/write-wire-error.js';
import type { GeorouteError } from '../../errors/error-catalog.js';
import type { WireErrorResponse } from '../../inference/inbound-surface-contract.js';
import type { OutboundResponse } from '../../server/http-exchange.js';
import { encodeExceptionFrame } from './encode-event-stream-frame.js';

/** The message the real service sends with every ThrottlingException. */
export const BEDROCK_THROTTLING_MESSAGE = 'Too many requests, please wait before trying again.';

/** Exception members of the ConverseStream and InvokeModelWithResponseStream output unions. */
const STREAM_EXCEPTIONS = new Set([
  'internalServerException',
  'modelStreamErrorException',
  'validationException',
  'throttlingException',
  'serviceUnavailableException',
  'modelTimeoutException',
]);

export function bedrockErrorStatus(error: GeorouteError): number {
  return error.code === 'unauthenticated' ? 403 : error.status;
}

export function bedrockErrorMessage(error: GeorouteError): string {
  return error.bedrockType === 'ThrottlingException' ? BEDROCK_THROTTLING_MESSAGE : error.message;
}

/** The error before the response started: status, `x-amzn-errortype`, `{"message"}`. */
export function renderBedrockError(error: GeorouteError): WireErrorResponse {
  const headers: Record<string, string> = { 'x-amzn-errortype': error.bedrockType, 'content-type': 'application/json' };
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  return { status: bedrockErrorStatus(error), headers, body: JSON.stringify({ message: bedrockErrorMessage(error) }) };
}

export function sendBedrockError(response: OutboundResponse, error: GeorouteError, headers: Record<string, string> = {}): void {
  writeWireError(response, renderBedrockError(error), headers);
}

/** The exception frame that ends a stream which failed after its 200. */
export function bedrockExceptionFrame(error: GeorouteError): Uint8Array {
  const name = error.bedrockType.charAt(0).toLowerCase() + error.bedrockType.slice(1);
  const exceptionType = STREAM_EXCEPTIONS.has(name) ? name : 'internalServerException';
  return encodeExceptionFrame(exceptionType, { message: bedrockErrorMessage(error) });
}
