/**
 * The one error catalog. Every failure a caller can see has an entry: a stable code, an HTTP status, the
 * OpenAI error `type`, and the Bedrock exception name (sent as `x-amzn-errortype`). Handlers throw
 * `GeorouteError`; each API surface turns it into its wire format in exactly one place.
 */
export const errorCatalog = {
  invalid_json: { status: 400, openaiType: 'invalid_request_error', bedrockType: 'ValidationException' },
  invalid_request: { status: 400, openaiType: 'invalid_request_error', bedrockType: 'ValidationException' },
  /** A member the wire does not have (the Responses API's own code for it: OpenAI answers `unknown_parameter`). */
  unknown_parameter: { status: 400, openaiType: 'invalid_request_error', bedrockType: 'ValidationException' },
  unsupported_operation: { status: 400, openaiType: 'invalid_request_error', bedrockType: 'ValidationException' },
  unknown_source_region: { status: 400, openaiType: 'invalid_request_error', bedrockType: 'ValidationException' },
  unauthenticated: { status: 401, openaiType: 'authentication_error', bedrockType: 'AccessDeniedException' },
  access_denied: { status: 403, openaiType: 'permission_error', bedrockType: 'AccessDeniedException' },
  profile_not_found: { status: 404, openaiType: 'invalid_request_error', bedrockType: 'ResourceNotFoundException' },
  /** A resource the caller names by id (a stored response) does not exist for this caller. */
  resource_not_found: { status: 404, openaiType: 'invalid_request_error', bedrockType: 'ResourceNotFoundException' },
  route_not_found: { status: 404, openaiType: 'invalid_request_error', bedrockType: 'UnknownOperationException' },
  method_not_allowed: { status: 405, openaiType: 'invalid_request_error', bedrockType: 'ValidationException' },
  conflict: { status: 409, openaiType: 'invalid_request_error', bedrockType: 'ConflictException' },
  payload_too_large: { status: 413, openaiType: 'invalid_request_error', bedrockType: 'ValidationException' },
  headers_too_large: { status: 431, openaiType: 'invalid_request_error', bedrockType: 'ValidationException' },
  /** The request head or body did not arrive within `server.connections` timeouts. */
  request_timeout: { status: 408, openaiType: 'invalid_request_error', bedrockType: 'ValidationException' },
  unsupported_media_type: { status: 415, openaiType: 'invalid_request_error', bedrockType: 'ValidationException' },
  /** The residency boundary for this request is empty: fail closed, never "anywhere". */
  no_region_in_boundary: { status: 400, openaiType: 'invalid_request_error', bedrockType: 'ValidationException' },
  model_timeout: { status: 408, openaiType: 'timeout_error', bedrockType: 'ModelTimeoutException' },
  upstream_rejected: { status: 424, openaiType: 'upstream_error', bedrockType: 'ModelErrorException' },
  no_capacity: { status: 429, openaiType: 'rate_limit_error', bedrockType: 'ThrottlingException' },
  quota_exceeded: { status: 429, openaiType: 'rate_limit_error', bedrockType: 'ThrottlingException' },
  /** A key's or team's requests/min or tokens/min (src/limits/); Retry-After is the end of the minute. */
  limit_exceeded: { status: 429, openaiType: 'rate_limit_error', bedrockType: 'ThrottlingException' },
  /** A key's or team's spend per day or month is used up; Retry-After is the end of the period. Not worth retrying sooner. */
  budget_exceeded: { status: 429, openaiType: 'insufficient_quota', bedrockType: 'ServiceQuotaExceededException' },
  /** The client went away before the answer (nginx's 499); recorded in audit, never sent. */
  client_closed: { status: 499, openaiType: 'invalid_request_error', bedrockType: 'ValidationException' },
  internal: { status: 500, openaiType: 'server_error', bedrockType: 'InternalServerException' },
  upstream_unavailable: { status: 503, openaiType: 'server_error', bedrockType: 'ServiceUnavailableException' },
  stream_interrupted: { status: 502, openaiType: 'server_error', bedrockType: 'ModelStreamErrorException' },
} as const satisfies Record<string, { status: number; openaiType: string; bedrockType: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export interface GeorouteErrorOptions {
  /** Seconds a client should wait before retrying (sent as `Retry-After`). */
  retryAfterSeconds?: number;
  /** The request field that was wrong, e.g. `messages[0].content`. */
  param?: string;
  cause?: unknown;
}

export class GeorouteError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryAfterSeconds?: number;
  readonly param?: string;

  constructor(code: ErrorCode, message: string, options: GeorouteErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GeorouteError';
    this.code = code;
    this.status = errorCatalog[code].status;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.param = options.param;
  }

  get openaiType(): string {
    return errorCatalog[this.code].openaiType;
  }

  get bedrockType(): string {
    return errorCatalog[this.code].bedrockType;
  }
}

/** Any thrown value as a GeorouteError; unknown failures become `internal` without leaking their message. */
export function toGeorouteError(error: unknown): GeorouteError {
  if (error instanceof GeorouteError) return error;
  return new GeorouteError('internal', 'The gateway failed to process the request.', { cause: error });
}
