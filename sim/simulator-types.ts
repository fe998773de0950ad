/** The public types of the region simulator: how to start one, the faults it can inject, what it counts. */
import type { SimOperationName } from './sim-protocol.js';

export interface SimulatorTlsOptions {
  /** PEM server certificate (chain). */
  cert: string | Buffer;
  /** PEM private key of `cert`. */
  key: string | Buffer;
  /** CA certificate(s) trusted to sign client certificates (for mTLS). */
  ca?: string | Buffer | ReadonlyArray<string | Buffer>;
  /** Ask clients for a certificate and refuse the handshake unless one signed by `ca` is presented. */
  requestCert?: boolean;
}

export interface SimulatorOptions {
  /** Appears in the `x-sim-region` header of every response and in stats. */
  regionId: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (an ephemeral port; read it back from `RunningSimulator.port`). */
  port?: number;
  /** Delay before the first token (streaming) or part of the total time (non-streaming). Default 150. */
  timeToFirstTokenMs?: number;
  /** Pace of output tokens, streaming and non-streaming: total time ~ ttft + n / tps. Default 60. */
  tokensPerSecond?: number;
  /** Requests served at the same time; more are answered 429. Default 8. */
  maxConcurrent?: number;
  /** Admitted requests per sliding 60 s window. Default 1,000,000. */
  requestsPerMinute?: number;
  /** Tokens (input + max output, settled to real usage) per sliding 60 s window. Default 100,000,000. */
  tokensPerMinute?: number;
  /** Output token limit when the request gives none. Default 64. */
  defaultMaxTokens?: number;
  /** Model ids listed by `GET /v1/models`. Requests for any model id are served. Default ['sim-model']. */
  models?: readonly string[];
  /** Serve HTTPS instead of HTTP. */
  tls?: SimulatorTlsOptions;
  /** Lifetime of the access tokens `POST /oauth2/token` issues (Vertex AI Gemini). Default 3600. */
  googleTokenLifetimeSeconds?: number;
  /** Service-account client_email -> PEM public key: verify token-request signatures against them. */
  googleServiceAccountKeys?: Readonly<Record<string, string>>;
}

export type SimulatorOutageMode = 'http-503' | 'refuse';

/** Which in-stream error the `streamError` fault sends: the service overloaded, or a rate limit. */
export type SimulatorStreamErrorKind = 'overloaded' | 'throttled';

/** Where one stream fails and how: what one stream takes of the `streamError` fault. */
export interface SimulatorStreamFailure {
  afterChunks: number;
  kind: SimulatorStreamErrorKind;
}

/** The faults currently injected. `noSimulatorFaults` is the healthy state. */
export interface SimulatorFaults {
  /** Fraction (0..1) of inference requests answered 500. */
  errorRate: number;
  /** `http-503`: every inference request answered 503; `refuse`: its socket is destroyed at once. */
  outage: false | SimulatorOutageMode;
  /** Accept inference requests and never answer them. */
  stall: boolean;
  /** Streams only: cut the socket (no clean end) after this many content chunks. */
  disconnectAfterChunks: number | null;
  /**
   * Streams only: after `afterChunks` content chunks (or after the last one, when the stream is shorter), the
   * wire's own in-stream error of `kind`, then a clean end of the response (no stop/[DONE]): Anthropic Messages an
   * `error` event, Bedrock ConverseStream and InvokeModelWithResponseStream an exception frame, OpenAI and Azure
   * chat completions an `error` data line. OpenAI Responses and Gemini streams have none here: they are cut as by
   * `disconnectAfterChunks`. `count`: only the next `count` streams get it, after which it clears itself; null:
   * every stream.
   */
  streamError: { afterChunks: number; kind: SimulatorStreamErrorKind; count: number | null } | null;
  /** Answer every inference request 429, with `Retry-After` when `retryAfterSeconds` is set. */
  throttle: { retryAfterSeconds?: number } | null;
  /** Extra delay, in ms, after a request is admitted and before generation starts (it holds its slot). */
  latencyMs: number;
  /**
   * A cancelled request keeps its slot this long after its client went away, as a real model server does until
   * its generation loop notices the reset (or as a provider that counts it to the end).
   */
  cancelReleaseDelayMs: number;
}

/**
 * A change to the faults: given fields replace the current ones, others stay. `outage: true` means `http-503`;
 * `throttle: true` means 429 without `Retry-After`; `false`/`null` clear a fault. `Partial<SimulatorFaults>` fits.
 */
export interface SimulatorFaultsPatch {
  errorRate?: number;
  outage?: boolean | SimulatorOutageMode;
  stall?: boolean;
  disconnectAfterChunks?: number | null;
  /** `count` left out means null (every stream). */
  streamError?: { afterChunks: number; kind: SimulatorStreamErrorKind; count?: number | null } | null;
  throttle?: { retryAfterSeconds?: number } | boolean | null;
  latencyMs?: number;
  cancelReleaseDelayMs?: number;
}

export type SimulatorThrottleReason = 'concurrency' | 'requests' | 'tokens' | 'fault';

/** Counters since start (or the last reset). Admin and `GET /v1/models` requests are not counted. */
export interface SimulatorStats {
  regionId: string;
  /** Inference requests received. */
  received: number;
  /** Answered completely with a 200. */
  served: number;
  /** Answered 429 (capacity limits or the throttle fault). */
  throttled: number;
  throttledBy: Record<SimulatorThrottleReason, number>;
  /** Answered 500/503 by a fault, refused by the outage fault, or cut or failed mid-stream by a fault. */
  failed: number;
  /** Answered 4xx other than 429 (invalid JSON, invalid request, body too large). */
  rejected: number;
  /** The client went away before the response was complete. */
  cancelled: number;
  /** Held unanswered by the stall fault. */
  stalled: number;
  /** Requests holding a concurrency slot now. */
  inFlight: number;
  peakInFlight: number;
  /** Input and output tokens of served requests. */
  inputTokens: number;
  outputTokens: number;
  /** Requests with an `Authorization: AWS4-HMAC-SHA256 ...` header (not verified). */
  signedRequests: number;
  /** SigV4 credential-scope region -> number of signed requests that named it. */
  signatureRegions: Record<string, number>;
  /** Requests with an `Authorization: Bearer ...` header. */
  bearerRequests: number;
  /** Access tokens issued by `POST /oauth2/token` (Vertex AI Gemini's service-account grant). */
  googleTokensIssued: number;
  /** Inference requests received, by operation. */
  operations: Record<SimOperationName, number>;
}

export interface RunningSimulator {
  /** `http://127.0.0.1:PORT` (or `https://...`), no trailing slash. */
  url: string;
  port: number;
  regionId: string;
  /** Merges a change into the current faults (same as `POST /_sim/faults`); throws on invalid values. */
  setFaults(faults: SimulatorFaultsPatch): void;
  /** Clears every fault (same as `POST /_sim/faults/reset`). */
  resetFaults(): void;
  faults(): SimulatorFaults;
  stats(): SimulatorStats;
  /** Zeroes the counters (gauges such as `inFlight` keep their current value). */
  resetStats(): void;
  /** Closes the server and destroys open sockets, so stalled and streaming requests end at once. */
  close(): Promise<void>;
}
