/**
 * What a surface hands the pipeline once a request is understood: who asks, from where, for which profile, the
 * body as it came (for the fast path), and, lazily, the canonical request (for deployments that need it converted).
 */
import type { Identity } from '../auth/identity.js';
import type { InferenceProfile } from '../catalog/catalog-types.js';
import type { InboundSurface, ParsedSurfaceRequest } from '../inference/inbound-surface-contract.js';
import type { WireBody } from '../inference/wire-format.js';
import type { HttpExchange } from '../server/http-exchange.js';
import type { InferenceResponseWriter } from './inference-response-writer.js';
import type { EventName, RequestOutcome } from './request-outcome.js';

export interface InferenceCall {
  exchange: HttpExchange;
  /** The API family, as audit records and metrics name it. */
  auditSurface: RequestOutcome['surface'];
  eventName: EventName;
  identity: Identity;
  sourceRegionId: string;
  requestedModelId: string;
  profile: InferenceProfile;
  /** The body as the caller sent it, tied to its wire format: relayed as it is on the fast path. */
  wire: WireBody;
  stream: boolean;
  estimatedInputTokens: number;
  maxOutputTokens: number;
  /** `x-georoute-session-id`, when the client asked for session affinity. */
  sessionId?: string;
  /**
   * The service tier the caller asked for (Converse `serviceTier.type`, `X-Amzn-Bedrock-Service-Tier`, OpenAI
   * `service_tier`): recorded and priced (`models[].tierPrices`), and sent as the header on InvokeModel's fast path.
   */
  serviceTier?: string;
  /**
   * Options the wire carries outside the body (InvokeModel's guardrail, trace and latency headers, lower case):
   * relayed with the body only to a provider that takes them (`NativePassThrough.takesWireOptions`), and in the
   * canonical request as provider options, so a deployment that cannot apply them is no candidate.
   */
  wireOptions?: Readonly<Record<string, string>>;
  /**
   * The surface on the canonical contract. Absent (a surface not converted yet): only deployments that speak
   * `wire.format` as it is can serve the request.
   */
  surface?: InboundSurface;
  /** The canonical request, parsed on first use: only when some candidate needs the request converted. */
  canonical?: () => ParsedSurfaceRequest;
  /** Writes the answer's bytes in the caller's wire. */
  writer: InferenceResponseWriter;
}
