/**
 * What each API surface provides to the pipeline to answer in its own wire format. The pipeline decides when
 * (after routing, after the audit record is committed); the writer decides how.
 */
import type { GeorouteError } from '../errors/error-catalog.js';
import type { TokenUsage, UpstreamStreamEvent } from '../upstreams/upstream-contract.js';

export interface InferenceResponseWriter {
  /** A complete non-streaming answer, in the client's format. */
  sendJson(body: Record<string, unknown> | Uint8Array, headers: Record<string, string>, usage: TokenUsage): void;
  /** Send status 200 and headers; events follow. */
  startStream(headers: Record<string, string>): void;
  /** Write one event; returns a promise only when the client must be waited for (back-pressure). */
  writeEvent(event: UpstreamStreamEvent): Promise<void> | void;
  /** The clean end of a stream (OpenAI `[DONE]`, end of the event stream). */
  endStream(): void;
  /** A failure after the stream started: an explicit error event, then close. Never a clean end. */
  failStream(error: GeorouteError): void;
  /** A failure before anything was sent. */
  sendError(error: GeorouteError, headers: Record<string, string>): void;
}
