/**
 * The request and answer of one HTTP exchange with an upstream, as the provider folders' HTTP clients
 * (`BedrockUpstream`, `AnthropicUpstream`, `OpenAiCompatibleUpstream`) take and give them: a body in a wire format
 * as it goes out, the answer as JSON bytes or a relayed event stream, with usage, limits and where it ran. Each
 * provider (`<name>-provider.ts`) builds these from its native pass-through or its converted request; nothing
 * outside `src/providers/` sees them.
 */
import type { Deployment } from '../catalog/catalog-types.js';
import type { WireFormat } from '../inference/wire-format.js';
import type { RateLimitObservation, TokenUsage, UpstreamStreamEvent } from './upstream-contract.js';
import type { StopSignal } from '../inference/stop-signal.js';

export interface UpstreamRequest {
  format: WireFormat;
  /**
   * The request body in `format`: a parsed JSON object for `openai-chat` and `bedrock-converse` (the client
   * substitutes the upstream model name); the raw model-native bytes for `bedrock-invoke`.
   */
  body: Record<string, unknown> | Uint8Array;
  stream: boolean;
  /** Aborted when the client disconnects or the attempt's deadline passes. */
  signal: StopSignal;
  /** Aborts `signal` (the attempt only): see ProviderCallOptions. */
  abortAttempt?: (reason: Error) => void;
  requestId: string;
  /** Trace context for the upstream (W3C `traceparent`, `tracestate`) when tracing is on; sent as headers. */
  traceHeaders?: Readonly<Record<string, string>>;
  /** The service tier asked for outside the body (InvokeModel's `X-Amzn-Bedrock-Service-Tier`). */
  serviceTier?: string;
  /** The request's options outside the body (InvokeModel's guardrail, trace and latency headers), sent as they came. */
  wireOptions?: Readonly<Record<string, string>>;
}

export interface UpstreamJsonResponse {
  kind: 'json';
  /** Parsed JSON (`openai-chat`, `bedrock-converse`) or raw bytes (`bedrock-invoke`). */
  body: Record<string, unknown> | Uint8Array;
  /** The bytes of a parsed body as the upstream sent them, when kept: the fast path relays these, not a re-serialization. */
  raw?: Uint8Array;
  usage: TokenUsage;
  rateLimit?: RateLimitObservation;
  /** Where the upstream says it processed the request, when it says (an upstream that routes on its own). */
  processedRegionId?: string;
}

export interface UpstreamStreamResponse {
  kind: 'stream';
  /**
   * Events as they arrive. The iterator throws an `UpstreamFailure` of kind `interrupted` when the stream breaks
   * after it started; it never ends cleanly on a broken stream. Breaking out of the loop cancels the upstream call.
   */
  events: AsyncIterable<UpstreamStreamEvent>;
  /**
   * The same events pushed to `write` as they arrive, the upstream paused while `write` returns a promise; resolves
   * at the clean end and rejects as `events` throws. A consumer uses this or `events`, never both. Optional: a
   * transport that offers it spares a relayed stream a promise and a generator step per event.
   */
  relay?(write: (event: UpstreamStreamEvent) => Promise<void> | void): Promise<void>;
  /** Usage reported by the upstream so far (final once `events` is exhausted); undefined if it never said. */
  usage(): TokenUsage | undefined;
  /** Output estimated from the events so far (see NativeResponse in src/inference/inference-provider-contract.ts). */
  outputSoFar?(): { estimatedTokens: number; firstOutputAt?: number };
  rateLimit?: RateLimitObservation;
  /** Where the upstream says it processed the request, when it says (an upstream that routes on its own). */
  processedRegionId?: string;
}

export type UpstreamResponse = UpstreamJsonResponse | UpstreamStreamResponse;

/** An upstream's HTTP client: sends one exchange (rejecting with an `UpstreamFailure`), closes its pool. */
export interface UpstreamTransport {
  readonly deployment: Deployment;
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
  close(): Promise<void>;
}
