/**
 * Catalog code -> Anthropic's error `type` and HTTP status, the one map of this surface (compile-checked: a new
 * catalog code does not build until it has a row). Anthropic answers an overloaded service with 529.
 */
import type { ErrorCode } from '../../errors/error-catalog.js';

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

interface AnthropicError {
  type: AnthropicErrorType;
  /** When Anthropic's status differs from the catalog's. */
  status?: number;
}

export const anthropicErrorTypes = {
  invalid_json: { type: 'invalid_request_error' },
  invalid_request: { type: 'invalid_request_error' },
  unknown_parameter: { type: 'invalid_request_error' },
  unsupported_operation: { type: 'invalid_request_error' },
  unknown_source_region: { type: 'invalid_request_error' },
  unauthenticated: { type: 'authentication_error' },
  access_denied: { type: 'permission_error' },
  profile_not_found: { type: 'not_found_error' },
  resource_not_found: { type: 'not_found_error' },
  route_not_found: { type: 'not_found_error' },
  method_not_allowed: { type: 'invalid_request_error' },
  conflict: { type: 'invalid_request_error' },
  payload_too_large: { type: 'request_too_large' },
  headers_too_large: { type: 'invalid_request_error' },
  unsupported_media_type: { type: 'invalid_request_error' },
  no_region_in_boundary: { type: 'invalid_request_error' },
  model_timeout: { type: 'api_error' },
  request_timeout: { type: 'invalid_request_error' },
  upstream_rejected: { type: 'invalid_request_error' },
  no_capacity: { type: 'rate_limit_error' },
  quota_exceeded: { type: 'rate_limit_error' },
  limit_exceeded: { type: 'rate_limit_error' },
  budget_exceeded: { type: 'rate_limit_error' },
  client_closed: { type: 'api_error' },
  internal: { type: 'api_error' },
  upstream_unavailable: { type: 'overloaded_error', status: 529 },
  stream_interrupted: { type: 'api_error' },
} as const satisfies Record<ErrorCode, AnthropicError>;

export function anthropicErrorOf(code: ErrorCode, catalogStatus: number): { type: AnthropicErrorType; status: number } {
  const entry: AnthropicError = anthropicErrorTypes[code];
  return { type: entry.type, status: entry.status ?? catalogStatus };
}
