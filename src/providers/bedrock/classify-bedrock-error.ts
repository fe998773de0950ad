/**
 * Bedrock's errors as failure kinds, which decide failover. HTTP errors are named by `x-amzn-errortype`
 * (`ThrottlingException:http://internal.amazon.com/...` is read up to the colon); exception frames by their
 * lower-camel `:exception-type`. Throttling and quota errors fail over to another region (quotas are per region);
 * a model that timed out is a timeout; server errors are unavailability; the caller's own mistakes are rejections.
 * Messages name the type and status only: Bedrock's message text (which can quote the prompt) travels as
 * `upstreamText`, shown only with content logging on.
 */
import { classifyHttpStatus, describeUpstreamStatus } from '../classify-upstream-error.js';
import { upstreamErrorIdentifier, type UpstreamErrorBody } from '../parse-upstream-error-body.js';
import { UpstreamFailure, type RateLimitObservation, type StreamBreakKind, type UpstreamFailureKind } from '../upstream-contract.js';

const KIND_BY_TYPE: Readonly<Record<string, UpstreamFailureKind>> = {
  ThrottlingException: 'throttled',
  ServiceQuotaExceededException: 'throttled',
  ModelNotReadyException: 'throttled',
  TooManyRequestsException: 'throttled',
  ServiceUnavailableException: 'unavailable',
  InternalServerException: 'unavailable',
  ModelTimeoutException: 'timeout',
  ValidationException: 'rejected',
  AccessDeniedException: 'rejected',
  ResourceNotFoundException: 'rejected',
  ModelErrorException: 'rejected',
  ConflictException: 'rejected',
};

/** `ThrottlingException:http://internal...` or `throttlingException` -> `ThrottlingException`. */
export function normalizeBedrockErrorType(raw: string | undefined): string | undefined {
  const name = upstreamErrorIdentifier(raw);
  return name === undefined ? undefined : name.charAt(0).toUpperCase() + name.slice(1);
}

export function classifyBedrockHttpError(
  deploymentId: string,
  status: number,
  errorType: string | undefined,
  body: UpstreamErrorBody,
  extra: { retryAfterMs?: number; rateLimit?: RateLimitObservation } = {},
): UpstreamFailure {
  const type = normalizeBedrockErrorType(errorType) ?? normalizeBedrockErrorType(body.type);
  const kind = type === undefined ? undefined : KIND_BY_TYPE[type];
  if (kind === undefined) {
    const failure = classifyHttpStatus(status, deploymentId, { type, text: body.text }, { retryAfterMs: extra.retryAfterMs });
    return new UpstreamFailure(failure.kind, failure.message, {
      status, retryAfterMs: extra.retryAfterMs, rateLimit: extra.rateLimit, upstreamErrorType: type, upstreamText: body.text,
    });
  }
  return new UpstreamFailure(kind, `${deploymentId}: ${type} ${describeUpstreamStatus(status, undefined)}`, {
    status, retryAfterMs: extra.retryAfterMs, rateLimit: extra.rateLimit, upstreamErrorType: type, upstreamText: body.text,
  });
}

/** Exception frames that say why a stream broke off: a throttle, or the service unavailable (others say no more). */
const BROKE_OFF_AS: Readonly<Record<string, StreamBreakKind>> = {
  ThrottlingException: 'throttled',
  ServiceQuotaExceededException: 'throttled',
  TooManyRequestsException: 'throttled',
  ServiceUnavailableException: 'unavailable',
};

/**
 * An exception frame. Before any event was read it is classified like the HTTP error it stands for (so a
 * throttled stream still fails over); once events have been passed on it can only be an interruption, and a
 * throttle or an unavailable service is said as such to the caller.
 */
export function classifyBedrockStreamException(deploymentId: string, exceptionType: string, text: string | undefined, started: boolean): UpstreamFailure {
  const type = normalizeBedrockErrorType(exceptionType) ?? 'UnknownException';
  const classified = { upstreamErrorType: type, upstreamText: text };
  if (started) return new UpstreamFailure('interrupted', `${deploymentId}: stream failed with ${type}`, { ...classified, brokeOffAs: BROKE_OFF_AS[type] });
  const kind = KIND_BY_TYPE[type] ?? 'unavailable';
  return new UpstreamFailure(kind, `${deploymentId}: ${type} before the first event`, classified);
}
