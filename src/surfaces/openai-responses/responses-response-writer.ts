/**
 * Answers a Responses request: the response object as JSON, or its events as server-sent events (`event:` name and
 * `data:`), whether the gateway rendered them or a Responses upstream sent them. The closing event
 * (`response.completed` / `response.incomplete`) is held until the pipeline ends the stream, after the audit
 * record is committed, so no client sees a complete answer that was not recorded. A failure after the first byte
 * is a `response.failed` event (the last response seen, `status: failed`, an `error` in the gateway's words) and an
 * `error` event, never a clean end. A kept response (`responses.store`) is written before it is answered.
 */
import type { InferenceResponseWriter } from '../../pipeline/inference-response-writer.js';
import type { UpstreamStreamEvent } from '../../providers/upstream-contract.js';
import type { OutboundResponse } from '../../server/http-exchange.js';
import { CoalescingStreamWriter } from '../../server/coalescing-stream-writer.js';
import { GeorouteError } from '../../errors/error-catalog.js';
import { sendOpenAiError } from '../openai-chat/send-openai-error.js';
import { responsesStreamErrorCode } from './render-responses-error.js';

const CLOSING_EVENTS: ReadonlySet<string> = new Set(['response.completed', 'response.incomplete']);
const SNAPSHOT_EVENTS: ReadonlySet<string> = new Set(['response.created', 'response.in_progress']);

/** Keeps a finished response (the response store); throws when it cannot. */
export type KeepResponse = (response: Record<string, unknown>) => void;

function frame(eventType: string, data: string): string {
  return `event: ${eventType}\ndata: ${data}\n\n`;
}

export class ResponsesResponseWriter implements InferenceResponseWriter {
  private readonly events: CoalescingStreamWriter;
  private written = 0;
  private snapshot: Record<string, unknown> = {};
  private closing: UpstreamStreamEvent & { format: 'openai-responses' } | undefined;

  constructor(
    private readonly response: OutboundResponse,
    private readonly keep: KeepResponse | undefined,
    private readonly onKeepFailure: (error: unknown) => void,
  ) {
    this.events = new CoalescingStreamWriter(response);
  }

  private kept(body: Record<string, unknown>): boolean {
    if (this.keep === undefined) return true;
    try {
      this.keep(body);
      return true;
    } catch (error) {
      this.onKeepFailure(error);
      return false;
    }
  }

  sendJson(body: Record<string, unknown> | Uint8Array, headers: Record<string, string>): void {
    if (body instanceof Uint8Array) throw new TypeError('a Responses answer is JSON');
    if (!this.kept(body)) {
      this.sendError(new GeorouteError('internal', 'The response could not be kept in the response store; it was withheld.'), headers);
      return;
    }
    const text = JSON.stringify(body);
    this.response.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
    this.response.end(text);
  }

  startStream(headers: Record<string, string>): void {
    this.response.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
  }

  writeEvent(event: UpstreamStreamEvent): Promise<void> | void {
    if (event.format !== 'openai-responses') throw new TypeError(`Responses writer got a ${event.format} event`);
    if (CLOSING_EVENTS.has(event.eventType)) {
      this.closing = event;
      return;
    }
    if (SNAPSHOT_EVENTS.has(event.eventType)) {
      const response = (JSON.parse(event.data) as { response?: Record<string, unknown> }).response;
      if (response !== undefined) this.snapshot = response;
    }
    this.written++;
    return this.events.write(frame(event.eventType, event.data));
  }

  endStream(): void {
    const closing = this.closing;
    if (closing === undefined) {
      this.failStream(new GeorouteError('stream_interrupted', 'The upstream stream ended without completing the response.'));
      return;
    }
    const response = (JSON.parse(closing.data) as { response?: Record<string, unknown> }).response;
    if (response !== undefined && !this.kept(response)) {
      this.failStream(new GeorouteError('internal', 'The response could not be kept in the response store; the stream was not completed.'));
      return;
    }
    this.events.end(frame(closing.eventType, closing.data));
  }

  failStream(error: GeorouteError): void {
    const code = responsesStreamErrorCode(error);
    const failed = { type: 'response.failed', sequence_number: this.written, response: { ...this.snapshot, status: 'failed', error: { code, message: error.message } } };
    const errorEvent = { type: 'error', sequence_number: this.written + 1, code, message: error.message, param: null };
    this.events.end(frame('response.failed', JSON.stringify(failed)) + frame('error', JSON.stringify(errorEvent)));
  }

  sendError(error: GeorouteError, headers: Record<string, string>): void {
    sendOpenAiError(this.response, error, headers);
  }
}
