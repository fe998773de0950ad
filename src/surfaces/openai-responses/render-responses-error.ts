/**
 * The one place a catalog error becomes the Responses API's error: before the first byte, OpenAI's error shape
 * `{"error":{"message","type","param","code"}}` (as chat completions); after it, a `response.failed` event whose
 * response carries `error: {code, message}`, then an `error` event, as OpenAI ends a failed stream.
 */
import type { GeorouteError } from '../../errors/error-catalog.js';
import type { WireErrorResponse } from '../../inference/inbound-surface-contract.js';
import { renderOpenAiError } from '../openai-chat/send-openai-error.js';

export function renderResponsesError(error: GeorouteError): WireErrorResponse {
  return renderOpenAiError(error);
}

/** The Responses error code of a failure after the first byte (`ResponseError.code`). */
export function responsesStreamErrorCode(error: Pick<GeorouteError, 'status'>): 'rate_limit_exceeded' | 'server_error' {
  return error.status === 429 ? 'rate_limit_exceeded' : 'server_error';
}
