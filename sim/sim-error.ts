/**
 * The simulator's error catalog. Every failure the simulator answers with has an entry: an HTTP status, the
 * OpenAI error `type`, and the Bedrock exception name (sent as `x-amzn-errortype`). Stages throw `SimError`;
 * `write-sim-error.ts` turns it into the wire format of the request's protocol in one place.
 */
export const simErrorCatalog = {
  invalid_json: { status: 400, openaiType: 'invalid_request_error', bedrockType: 'ValidationException' },
  invalid_request: { status: 400, openaiType: 'invalid_request_error', bedrockType: 'ValidationException' },
  unknown_route: { status: 404, openaiType: 'invalid_request_error', bedrockType: 'UnknownOperationException' },
  method_not_allowed: { status: 405, openaiType: 'invalid_request_error', bedrockType: 'ValidationException' },
  payload_too_large: { status: 413, openaiType: 'invalid_request_error', bedrockType: 'ValidationException' },
  rate_limit_exceeded: { status: 429, openaiType: 'rate_limit_error', bedrockType: 'ThrottlingException' },
  injected_error: { status: 500, openaiType: 'server_error', bedrockType: 'InternalServerException' },
  internal: { status: 500, openaiType: 'server_error', bedrockType: 'InternalServerException' },
  service_unavailable: { status: 503, openaiType: 'server_error', bedrockType: 'ServiceUnavailableException' },
} as const satisfies Record<string, { status: number; openaiType: string; bedrockType: string }>;

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
