/**
 * The wire formats bodies and stream events travel in, each tied to the shape of its body and of one stream event
 * (a discriminated union, so a body is never separated from its format). The map is open: a surface or provider
 * folder that brings a new wire adds it from inside its own folder by module augmentation, without editing this
 * file:
 *
 *   declare module '../../inference/wire-format.js' {
 *     interface WireFormatShapes { 'anthropic-messages': { body: Record<string, unknown>; event: { event: string; data: string } } }
 *   }
 */

export interface WireFormatShapes {
  /** OpenAI chat completions: a parsed JSON body; one stream event is the JSON text of a `data:` line (never `[DONE]`). */
  'openai-chat': { body: Record<string, unknown>; event: { data: string } };
  /**
   * Bedrock Converse / ConverseStream: a parsed JSON body; one event is an `:event-type` and its JSON body, and, when
   * it came from a Bedrock upstream, the event-stream `frame` as received (CRCs checked): relayed, it is written as it is.
   */
  'bedrock-converse': { body: Record<string, unknown>; event: { eventType: string; body: Record<string, unknown>; frame?: Uint8Array } };
  /**
   * Bedrock InvokeModel / InvokeModelWithResponseStream: the model family's native body as bytes; one event is one
   * chunk's native JSON bytes (already base64-decoded), and its `chunk` `frame` as received from a Bedrock upstream.
   * The family is the model's `nativeFormat`.
   */
  'bedrock-invoke': { body: Uint8Array; event: { chunk: Uint8Array; frame?: Uint8Array } };
  /** Anthropic Messages: a parsed JSON body; one event is its `type` (the SSE `event:` name) and the JSON text of its `data:`. */
  'anthropic-messages': { body: Record<string, unknown>; event: { eventType: string; data: string } };
}

export type WireFormat = keyof WireFormatShapes & string;

/** A request or response body with its format. */
export type WireBody<F extends WireFormat = WireFormat> = { [K in F]: { format: K; body: WireFormatShapes[K]['body'] } }[F];

/** One stream event with its format. */
export type WireEvent<F extends WireFormat = WireFormat> = { [K in F]: { format: K } & WireFormatShapes[K]['event'] }[F];
