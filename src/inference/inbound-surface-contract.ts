/**
 * The contract every inbound surface implements (OpenAI chat, Bedrock Converse, Bedrock InvokeModel, Anthropic
 * Messages, ...): pure converters between its wire and the canonical model, plus its map from catalog errors to its
 * wire error. HTTP concerns (routes, reading the body, writing bytes) live beside it in the surface's folder and
 * are registered with it; the converters here never touch a socket.
 */
import type { GeorouteError } from '../errors/error-catalog.js';
import type { InferenceRequest } from './inference-request.js';
import type { InferenceResult } from './inference-result.js';
import type { InferenceSettingName } from './inference-settings.js';
import type { InferenceStreamPart } from './inference-stream-part.js';
import type { InferenceSpecificationVersion } from './inference-provider-contract.js';
import type { WireEvent, WireFormat, WireFormatShapes } from './wire-format.js';

/** A surface's wire request, understood. */
export interface ParsedSurfaceRequest {
  /** The model or inference profile id the caller asked for, before resolution. */
  modelId: string;
  stream: boolean;
  request: InferenceRequest;
}

/**
 * What a parse may need besides the body. Bedrock puts the model id and the operation (streaming or not) in the
 * path, not in the body: its handlers pass them here, and its surfaces read them instead of the body.
 */
export interface SurfaceParseContext {
  requestId: string;
  /** The model id from the path (`/model/{modelId}/converse`), for surfaces whose body has none. */
  pathModelId?: string;
  /** Whether the path names a streaming operation (`converse-stream`, `invoke-with-response-stream`). */
  pathStream?: boolean;
}

/** What a renderer needs besides the canonical data. */
export interface SurfaceRenderContext {
  requestId: string;
  /** The model id the caller asked for, echoed in responses. */
  requestedModelId: string;
  /** Epoch seconds (OpenAI `created`). */
  createdAt: number;
  /** Milliseconds since the request arrived (Converse `metrics.latencyMs`). */
  latencyMs(): number;
}

/** Turns canonical stream parts into wire events, in order; may buffer what its wire needs later. */
export interface SurfaceStreamRenderer<F extends WireFormat> {
  push(part: InferenceStreamPart): WireEvent<F>[];
  /** After the last part: whatever the wire still needs to close the stream cleanly. */
  finish(): WireEvent<F>[];
}

/** An error answer in the surface's wire: status, headers and the serialized body. */
export interface WireErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface InboundSurface<F extends WireFormat = WireFormat> {
  readonly specificationVersion: InferenceSpecificationVersion;
  /** The registry key (`openai-chat`, `bedrock-converse`, `bedrock-invoke`, ...). */
  readonly name: string;
  /** The wire format of its bodies and events; a provider whose native pass-through speaks it gets the fast path. */
  readonly wireFormat: F;
  /** Throws a GeorouteError (`invalid_request`, naming the member) for a body the wire does not allow. */
  parseRequest(body: WireFormatShapes[F]['body'], context: SurfaceParseContext): ParsedSurfaceRequest;
  renderResult(result: InferenceResult, context: SurfaceRenderContext): WireFormatShapes[F]['body'];
  createStreamRenderer(context: SurfaceRenderContext): SurfaceStreamRenderer<F>;
  /** The wire's own name of a setting, for errors that name it (`responseFormat` -> `response_format`). */
  settingName(setting: InferenceSettingName): string;
  /** The catalog error in this wire's error shape (status, type header, JSON body). */
  renderError(error: GeorouteError, requestId: string): WireErrorResponse;
}
