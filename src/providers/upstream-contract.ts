/**
 * What every provider kind and the core share about an upstream call: the token usage it reports, what it said
 * about its limits, a relayed stream event, and `UpstreamFailure`, whose kind tells routing what to do. The
 * provider contract itself is `InferenceProvider` (src/inference/inference-provider-contract.ts); the HTTP clients
 * of the provider folders share `upstream-transport.ts`.
 */
import type { WireEvent } from '../inference/wire-format.js';

export interface TokenUsage {
  /** Input tokens billed at the input price: for prompt-cached requests, those after the cached prefix. */
  inputTokens: number;
  outputTokens: number;
  /** Input tokens read from the upstream's prompt cache (Anthropic `cache_read_input_tokens`). */
  cacheReadInputTokens?: number;
  /** Input tokens written to the upstream's prompt cache (Anthropic `cache_creation_input_tokens`). */
  cacheWriteInputTokens?: number;
}

/** What an upstream said about its limits (x-ratelimit-* headers), fed to the learned limit of the deployment. */
export interface RateLimitObservation {
  limitRequests?: number;
  remainingRequests?: number;
  limitTokens?: number;
  remainingTokens?: number;
  /** Milliseconds until the limit resets, when the upstream says so. */
  resetMs?: number;
}

/** One event of a streamed response, in the request's format (see src/inference/wire-format.ts). */
export type UpstreamStreamEvent = WireEvent;

/**
 * How an attempt failed, which decides what routing does next:
 * - throttled: back-pressure (429); fail over, lower the learned limit, do not trip the breaker;
 * - unavailable: connection refused/reset, TLS failure, 5xx; fail over and count towards the breaker;
 * - timeout: connect/first-byte/idle timeout; as unavailable;
 * - rejected: the upstream refused this request as invalid (4xx other than 429); do not fail over;
 * - interrupted: the stream broke after it had started; never retried (bytes may have reached the client);
 * - cancelled: the client went away.
 */
export type UpstreamFailureKind = 'throttled' | 'unavailable' | 'timeout' | 'rejected' | 'interrupted' | 'cancelled';

export interface UpstreamFailureOptions {
  status?: number;
  retryAfterMs?: number;
  rateLimit?: RateLimitObservation;
  /** The upstream's error type or code, identifier-like (parse-upstream-error-body.ts). */
  upstreamErrorType?: string;
  /** The upstream's own error text: content. Kept off the message and out of log serializers. */
  upstreamText?: string;
  /**
   * An `interrupted` stream the upstream broke off with an error that said why: a throttle or an overload. The caller
   * is told the same in its own wire (clients retry on those: Claude Code on a mid-stream `overloaded_error`).
   */
  brokeOffAs?: StreamBreakKind;
  cause?: unknown;
}

/** Why an upstream said it broke off a stream, when it said: see `UpstreamFailureOptions.brokeOffAs`. */
export type StreamBreakKind = 'throttled' | 'unavailable';

/**
 * The message is georoute's classification (deployment, kind, status, upstream error type), never upstream free
 * text: it may reach logs and, through the catalog error built from it, the client and the audit record.
 */
export class UpstreamFailure extends Error {
  readonly kind: UpstreamFailureKind;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly rateLimit?: RateLimitObservation;
  readonly upstreamErrorType?: string;
  readonly brokeOffAs?: StreamBreakKind;
  /** Non-enumerable, so pino's error serializer (which copies enumerable fields) never logs it. */
  declare readonly upstreamText?: string;

  constructor(kind: UpstreamFailureKind, message: string, options: UpstreamFailureOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UpstreamFailure';
    this.kind = kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.rateLimit = options.rateLimit;
    this.upstreamErrorType = options.upstreamErrorType;
    this.brokeOffAs = options.brokeOffAs;
    Object.defineProperty(this, 'upstreamText', { value: options.upstreamText, enumerable: false });
  }
}
