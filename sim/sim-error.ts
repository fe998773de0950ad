/**
 * The simulator's error catalog. Every failure the simulator answers with has an entry: an HTTP status, the
 * OpenAI error `type` (Azure OpenAI's too), the Bedrock exception name (sent as `x-amzn-errortype`), the Anthropic
 * error `type` and the Google RPC status of Vertex AI. Stages throw `SimError`;
 * `write-sim-error.ts` turns it into the wire format of the request's protocol in one place.
 */
export const simErrorCatalog = {
  invalid_json: { status: 400, openaiType: 'invalid_request_error', bedrockType: 'ValidationException', anthropicType: 'invalid_request_error', geminiStatus: 'INVALID_ARGUMENT' },
  invalid_request: { status: 400, openaiType: 'invalid_request_error', bedrockType: 'ValidationException', anthropicType: 'invalid_request_error', geminiStatus: 'INVALID_ARGUMENT' },
  content_filtered: { status: 400, openaiType: 'invalid_request_error', bedrockType: 'ValidationException', anthropicType: 'invalid_request_error', geminiStatus: 'INVALID_ARGUMENT' },
  unauthorized: { status: 401, openaiType: 'invalid_request_error', bedrockType: 'UnrecognizedClientException', anthropicType: 'authentication_error', geminiStatus: 'UNAUTHENTICATED' },
  unknown_route: { status: 404, openaiType: 'invalid_request_error', bedrockType: 'UnknownOperationException', anthropicType: 'not_found_error', geminiStatus: 'NOT_FOUND' },
  method_not_allowed: { status: 405, openaiType: 'invalid_request_error', bedrockType: 'ValidationException', anthropicType: 'invalid_request_error', geminiStatus: 'INVALID_ARGUMENT' },
  payload_too_large: { status: 413, openaiType: 'invalid_request_error', bedrockType: 'ValidationException', anthropicType: 'request_too_large', geminiStatus: 'INVALID_ARGUMENT' },
  rate_limit_exceeded: { status: 429, openaiType: 'rate_limit_error', bedrockType: 'ThrottlingException', anthropicType: 'rate_limit_error', geminiStatus: 'RESOURCE_EXHAUSTED' },
  injected_error: { status: 500, openaiType: 'server_error', bedrockType: 'InternalServerException', anthropicType: 'api_error', geminiStatus: 'INTERNAL' },
  internal: { status: 500, openaiType: 'server_error', bedrockType: 'InternalServerException', anthropicType: 'api_error', geminiStatus: 'INTERNAL' },
  service_unavailable: { status: 503, openaiType: 'server_error', bedrockType: 'ServiceUnavailableException', anthropicType: 'overloaded_error', geminiStatus: 'UNAVAILABLE' },
} as const satisfies Record<string, { status: number; openaiType: string; bedrockType: string; anthropicType: string; geminiStatus: string }>;

export type SimErrorCode = keyof typeof simErrorCatalog;

export class SimError extends Error {
  readonly code: SimErrorCode;
  readonly status: number;
  /** Sent as `Retry-After` (integer seconds) when set. */
  readonly retryAfterSeconds?: number;

  constructor(code: SimErrorCode, message: string, options: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = 'SimError';
    this.code = code;
    this.status = simErrorCatalog[code].status;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
