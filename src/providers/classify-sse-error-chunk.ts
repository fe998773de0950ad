/**
 * An error an upstream sends as a `data:` chunk in the middle of an SSE stream (`{"error": {...}}`: OpenAI, Azure
 * OpenAI, Gemini) ends the stream as an `interrupted` failure, never as a chunk passed on: the caller gets the
 * gateway's own error in its wire, and the upstream's message (which can echo the prompt) travels only as
 * `upstreamText`. A throttle or an overload is said as such (`brokeOffAs`), so clients that retry on those can.
 */
import { parseUpstreamErrorBody, upstreamErrorIdentifier } from './parse-upstream-error-body.js';
import { UpstreamFailure, type StreamBreakKind } from './upstream-contract.js';

/** Cheap enough for every chunk: an ordinary chunk fails on its first member's name. */
const ERROR_CHUNK = /^\s*\{\s*"error"\s*:/;

/** Error codes, types and statuses that say why: OpenAI's and Azure's rate limits, Google's statuses, an overload. */
const BROKE_OFF_AS: Readonly<Record<string, StreamBreakKind>> = {
  rate_limit_exceeded: 'throttled',
  rate_limit_error: 'throttled',
  RateLimitReached: 'throttled',
  RESOURCE_EXHAUSTED: 'throttled',
  UNAVAILABLE: 'unavailable',
  overloaded_error: 'unavailable',
  service_unavailable: 'unavailable',
};

/** What an error code or type says about why a stream broke off, if anything (Responses `error` events too). */
export function brokeOffAsOf(type: string | undefined): StreamBreakKind | undefined {
  return type === undefined ? undefined : BROKE_OFF_AS[type];
}

/** Google names its error's kind in `status` (`UNAVAILABLE`), beside a numeric `code`. */
function googleStatusOf(data: string): string | undefined {
  try {
    const parsed = JSON.parse(data) as { error?: { status?: unknown } };
    return upstreamErrorIdentifier(parsed.error?.status);
  } catch {
    return undefined;
  }
}

/** The failure an error chunk stands for, or undefined for any other chunk. */
export function sseErrorChunkFailure(deploymentId: string, data: string): UpstreamFailure | undefined {
  if (!ERROR_CHUNK.test(data)) return undefined;
  const body = parseUpstreamErrorBody(data);
  const type = body.type ?? googleStatusOf(data);
  return new UpstreamFailure('interrupted', `${deploymentId}: the stream failed with ${type ?? 'an error chunk'}`, {
    upstreamErrorType: type,
    upstreamText: body.text,
    brokeOffAs: brokeOffAsOf(type),
  });
}

/** An error chunk that is a stream's first event: nothing was passed on, so it fails over like the HTTP error it stands for. */
export function failureBeforeFirstEvent(failure: UpstreamFailure): UpstreamFailure {
  return new UpstreamFailure(failure.brokeOffAs === 'throttled' ? 'throttled' : 'unavailable', failure.message, {
    upstreamErrorType: failure.upstreamErrorType,
    upstreamText: failure.upstreamText,
  });
}
