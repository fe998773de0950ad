/**
 * The one contract every upstream provider kind implements (openai-compatible, bedrock, sim). The core never
 * switches on a provider kind: it asks the registry for the factory of `deployment.provider`.
 */
import type { Deployment, Model } from '../catalog/catalog-types.js';
import type { DeploymentCapabilities } from '../inference/deployment-capabilities.js';
import type { WireEvent, WireFormat } from '../inference/wire-format.js';
import type { EmbeddingProvider } from '../inference/inference-embedding-provider-contract.js';

/** The wire shapes a request body can be in (src/inference/wire-format.ts). An adapter lists the ones its upstream accepts. */
export type { WireFormat };

export interface TokenUsage {
  /** Input tokens billed at the input price: for prompt-cached requests, those after the cached prefix. */
  inputTokens: number;
  outputTokens: number;
  /** Input tokens read from the upstream's prompt cache (Anthropic `cache_read_input_tokens`). */
  cacheReadInputTokens?: number;
  /** Input tokens written to the upstream's prompt cache (Anthropic `cache_creation_input_tokens`). */
  cacheWriteInputTokens?: number;
}

export interface UpstreamRequest {
  format: WireFormat;
  /**
   * The request body in `format`: a parsed JSON object for `openai-chat` and `bedrock-converse` (the adapter
   * substitutes the upstream model name); the raw model-native bytes for `bedrock-invoke`.
   */
  body: Record<string, unknown> | Uint8Array;
  stream: boolean;
  /** Aborted when the client disconnects or the attempt's deadline passes. */
  signal: AbortSignal;
  requestId: string;
  /** Trace context for the upstream (W3C `traceparent`, `tracestate`) when tracing is on; sent as headers. */
  traceHeaders?: Readonly<Record<string, string>>;
  /** The service tier asked for outside the body (InvokeModel's `X-Amzn-Bedrock-Service-Tier`). */
  serviceTier?: string;
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

export interface UpstreamJsonResponse {
  kind: 'json';
  /** Parsed JSON (`openai-chat`, `bedrock-converse`) or raw bytes (`bedrock-invoke`). */
  body: Record<string, unknown> | Uint8Array;
  usage: TokenUsage;
  rateLimit?: RateLimitObservation;
  /** Where the upstream says it processed the request, when it says (an upstream that routes on its own). */
  processedRegionId?: string;
}

/** One event of a streamed response, in the request's format (see src/inference/wire-format.ts). */
export type UpstreamStreamEvent = WireEvent;

export interface UpstreamStreamResponse {
  kind: 'stream';
  /**
   * Events as they arrive. The iterator throws an `UpstreamFailure` of kind `interrupted` when the stream breaks
   * after it started; it never ends cleanly on a broken stream. Breaking out of the loop cancels the upstream call.
   */
  events: AsyncIterable<UpstreamStreamEvent>;
  /** Usage reported by the upstream so far (final once `events` is exhausted); undefined if it never said. */
  usage(): TokenUsage | undefined;
  /** Output estimated from the events so far (see NativeResponse in src/inference/inference-provider-contract.ts). */
  outputSoFar?(): { estimatedTokens: number; firstOutputAt?: number };
  rateLimit?: RateLimitObservation;
  /** Where the upstream says it processed the request, when it says (an upstream that routes on its own). */
  processedRegionId?: string;
}

export type UpstreamResponse = UpstreamJsonResponse | UpstreamStreamResponse;

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
  cause?: unknown;
}

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
    Object.defineProperty(this, 'upstreamText', { value: options.upstreamText, enumerable: false });
  }
}

export interface UpstreamAdapter {
  readonly deployment: Deployment;
  readonly formats: readonly WireFormat[];
  /**
   * Whether a request in `format` for `model` goes through as it is (the fast path). The adapter decides, from
   * its folder: e.g. an InvokeModel body only when the deployment speaks the model's native body family.
   */
  speaksNatively(format: WireFormat, model: Model | undefined): boolean;
  /** What the upstream honours in a request converted to one of `formats` from another wire (no silent drops). */
  readonly capabilities: DeploymentCapabilities;
  /** Resolves with the response headers (and for JSON, the whole body); rejects with an UpstreamFailure. */
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
  /** Present when the upstream can embed (src/inference/inference-embedding-provider-contract.ts). */
  readonly embeddings?: EmbeddingProvider;
  close(): Promise<void>;
}

export interface UpstreamFactory {
  /** The provider kind named in the config (`deployment.provider`). */
  readonly kind: string;
  create(deployment: Deployment, context: UpstreamFactoryContext): UpstreamAdapter | Promise<UpstreamAdapter>;
}

export interface UpstreamFactoryContext {
  env: NodeJS.ProcessEnv;
  /** Other provider kinds, for adapters that compose them (the simulator speaks several protocols). */
  factoryFor(kind: string): UpstreamFactory | undefined;
}
