/**
 * A catalog error as the Converse wire answers it: the status, `x-amzn-errortype` and `{"message"}`, with
 * `retry-after` when the error carries one (the same rules as `send-bedrock-error.ts`). Pure.
 */
import type { GeorouteError } from '../../errors/error-catalog.js';
import type { WireErrorResponse } from '../../inference/inbound-surface-contract.js';
import { bedrockErrorMessage, bedrockErrorStatus } from '../bedrock-runtime/send-bedrock-error.js';

export function renderBedrockError(error: GeorouteError, requestId: string): WireErrorResponse {
  const headers: Record<string, string> = {
    'x-amzn-errortype': error.bedrockType,
    'x-amzn-requestid': requestId,
    'content-type': 'application/json',
  };
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  return { status: bedrockErrorStatus(error), headers, body: JSON.stringify({ message: bedrockErrorMessage(error) }) };
}
