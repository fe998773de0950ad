/**
 * The contract every provider kind implements (openai-compatible, bedrock, sim, anthropic, ...): generate or stream
 * from a canonical request, and, when its upstream speaks a surface's wire as it is, an optional native
 * pass-through for the fast path (the body goes through with only the model id substituted). A provider is one
 * folder under src/providers/ and one entry in the provider registry; the core never names one.
 *
 * Every method rejects (or its stream throws) with an `UpstreamFailure` (src/providers/upstream-contract.ts), whose
 * kind tells routing what to do next.
 */
import type { Deployment, Model } from '../catalog/catalog-types.js';
import type { DeploymentCapabilities } from './deployment-capabilities.js';
import type { EmbeddingProvider } from './inference-embedding-provider-contract.js';
import type { InferenceRequest } from './inference-request.js';
import type { InferenceResult } from './inference-result.js';
import type { InferenceStreamPart } from './inference-stream-part.js';
import type { InferenceUsage } from './inference-usage.js';
import type { WireBody, WireEvent, WireFormat } from './wire-format.js';
import type { StopSignal } from './stop-signal.js';

export type InferenceSpecificationVersion = 'georoute-inference-v1';

/** What an upstream said about its limits (`x-ratelimit-*`, `anthropic-ratelimit-*`), fed to the learned limits. */
export interface ProviderRateLimit {
  limitRequests?: number;
  remainingRequests?: number;
  limitTokens?: number;
  remainingTokens?: number;
  /** Milliseconds until the limit resets, when the upstream says so. */
  resetMs?: number;
}

export interface ProviderCallOptions {
  /**
   * Aborted when the client disconnects or the attempt's deadline passes. Not an AbortSignal (stop-signal.ts):
   * undici takes it as it is; an API that wants a real AbortSignal gets an AbortController linked to it.
   */
  signal: StopSignal;
  /**
   * Aborts `signal` (this attempt only, not the request), when the dispatcher gives it: the first-byte deadline
   * then ends the attempt through it instead of a controller of its own (first-byte-deadline.ts).
   */
  abortAttempt?: (reason: Error) => void;
  /** The gateway's request id, sent upstream for correlation. */
  requestId: string;
  /** Trace context for the upstream (W3C `traceparent`, `tracestate`) when tracing is on; sent as headers. */
  traceHeaders?: Readonly<Record<string, string>>;
}

export interface ProviderGenerateResponse {
  result: InferenceResult;
  rateLimit?: ProviderRateLimit;
  /** Where the upstream says it processed the request, when it says (an upstream that routes on its own). */
  processedRegionId?: string;
}

export interface ProviderStreamResponse {
  /**
   * Parts as they arrive, in the order `inference-stream-part.ts` describes. Throws an `UpstreamFailure` of kind
   * `interrupted` when the stream breaks after it started; breaking out of the loop cancels the upstream call.
   */
  parts: AsyncIterable<InferenceStreamPart>;
  /** Usage reported so far (final once `parts` is exhausted); undefined if the upstream never said. */
  usage(): InferenceUsage | undefined;
  rateLimit?: ProviderRateLimit;
  /** Where the upstream says it processed the request, when it says. */
  processedRegionId?: string;
}

/** A request in a wire format the upstream speaks itself, for the fast path. */
export type NativeRequest<F extends WireFormat = WireFormat> = WireBody<F> & {
  stream: boolean;
  /** The service tier asked for outside the body (InvokeModel's `X-Amzn-Bedrock-Service-Tier`); additive. */
  serviceTier?: string;
  /**
   * Options of the request its wire carries outside the body, by lower-case header name (InvokeModel's
   * `x-amzn-bedrock-guardrailidentifier`, `-guardrailversion`, `-trace`, `-performanceconfig-latency`). Only a
   * provider whose `takesWireOptions` says so gets a request that has them.
   */
  wireOptions?: Readonly<Record<string, string>>;
} & ProviderCallOptions;

export type NativeResponse<F extends WireFormat = WireFormat> =
  | { kind: 'json'; body: WireBody<F>['body']; usage: InferenceUsage; rateLimit?: ProviderRateLimit; processedRegionId?: string }
  | {
      kind: 'stream';
      /** Wire events as they arrive, in the request's format; throws like `ProviderStreamResponse.parts`. */
      events: AsyncIterable<WireEvent<F>>;
      /**
       * The same events pushed to `write` as they arrive (the upstream paused while `write` returns a promise),
       * resolving at the clean end and rejecting as `events` throws; used instead of `events` when offered.
       */
      relay?(write: (event: WireEvent<F>) => Promise<void> | void): Promise<void>;
      /** Usage read from the events for accounting and audit, so far; undefined if the upstream never said. */
      usage(): InferenceUsage | undefined;
      /**
       * For accounting a stream that never reports usage or is cut: output tokens estimated from the events so
       * far (at least one per event that carried output), and the epoch ms of the first such event.
       */
      outputSoFar?(): { estimatedTokens: number; firstOutputAt?: number };
      rateLimit?: ProviderRateLimit;
      processedRegionId?: string;
    };

export interface NativePassThrough {
  /**
   * The wire formats this deployment's upstream speaks as they are. For `bedrock-invoke` the body family must also
   * be the deployment's (`Deployment.nativeFormat` equal to the model's); the pair decides, not the core.
   */
  readonly formats: readonly WireFormat[];
  /**
   * Whether a request in `format` for `model` goes through as it is; absent: every format in `formats` does. The
   * provider decides from its folder (`bedrock` takes an InvokeModel body only of the deployment's own family).
   */
  accepts?(format: WireFormat, model: Model | undefined): boolean;
  /**
   * Whether the upstream gets a request's `wireOptions` in `format` with the body. Absent or false: a request that
   * has them does not go through as it is here (it is converted, where they are provider options, or refused).
   */
  takesWireOptions?(format: WireFormat): boolean;
  /** Sends the body with only the model id substituted; relays the answer as it comes. */
  send(request: NativeRequest): Promise<NativeResponse>;
}

export interface InferenceProvider {
  readonly specificationVersion: InferenceSpecificationVersion;
  readonly deployment: Deployment;
  readonly capabilities: DeploymentCapabilities;
  /** A whole answer. The provider substitutes its deployment's upstream model name. */
  generate(request: InferenceRequest, options: ProviderCallOptions): Promise<ProviderGenerateResponse>;
  /** A streamed answer; resolves once the upstream's response headers (and first event) arrived. */
  stream(request: InferenceRequest, options: ProviderCallOptions): Promise<ProviderStreamResponse>;
  /** Present when the upstream speaks some surface's wire as it is. */
  readonly native?: NativePassThrough;
  /**
   * True for a provider that serves only its native formats (a relay): `generate` and `stream` reject, and the
   * pipeline never offers it a converted request. Absent: it converts.
   */
  readonly nativeOnly?: boolean;
  /** Present when the upstream can embed (inference-embedding-provider-contract.ts). */
  readonly embeddings?: EmbeddingProvider;
  close(): Promise<void>;
}

export interface InferenceProviderFactoryContext {
  env: NodeJS.ProcessEnv;
  /** Other provider kinds, for providers that compose them (the simulator speaks several protocols). */
  factoryFor(kind: string): InferenceProviderFactory | undefined;
}

export interface InferenceProviderFactory {
  /** The provider kind as the config names it (`deployments[].provider`); the config's list is derived from these. */
  readonly kind: string;
  create(deployment: Deployment, context: InferenceProviderFactoryContext): InferenceProvider | Promise<InferenceProvider>;
}
