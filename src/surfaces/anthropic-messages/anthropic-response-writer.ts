/**
 * Answers an Anthropic Messages request: the message as JSON, or the events as server-sent events exactly as
 * Anthropic names them (`event: <type>` then `data: <json>`), written as they arrive. A failure after the stream
 * started is an `error` event, then the end of the stream: never a `message_stop`, so no client mistakes a cut
 * stream for a complete answer.
 */
import type { GeorouteError } from '../../errors/error-catalog.js';
import type { InferenceResponseWriter } from '../../pipeline/inference-response-writer.js';
import { CoalescingStreamWriter } from '../../server/coalescing-stream-writer.js';
import type { OutboundResponse } from '../../server/http-exchange.js';
import type { UpstreamStreamEvent } from '../../upstreams/upstream-contract.js';
import { anthropicErrorEvent, sendAnthropicError } from './send-anthropic-error.js';

export function anthropicSseEvent(eventType: string, data: string): string {
  return `event: ${eventType}\ndata: ${data}\n\n`;
}

export class AnthropicResponseWriter implements InferenceResponseWriter {
  private readonly events: CoalescingStreamWriter;

  constructor(
    private readonly response: OutboundResponse,
    private readonly requestId: string,
  ) {
    this.events = new CoalescingStreamWriter(response);
  }

  sendJson(body: Record<string, unknown> | Uint8Array, headers: Record<string, string>): void {
    const bytes = body instanceof Uint8Array ? body : Buffer.from(JSON.stringify(body), 'utf8');
    this.response.writeHead(200, { ...headers, 'request-id': this.requestId, 'content-type': 'application/json', 'content-length': String(bytes.byteLength) });
    this.response.end(bytes);
  }

  startStream(headers: Record<string, string>): void {
    this.response.writeHead(200, {
      ...headers,
      'request-id': this.requestId,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    });
  }

  writeEvent(event: UpstreamStreamEvent): Promise<void> | void {
    if (event.format !== 'anthropic-messages') throw new TypeError(`Anthropic writer got a ${event.format} event`);
    return this.events.write(anthropicSseEvent(event.eventType, event.data));
  }

  endStream(): void {
    this.events.end();
  }

  failStream(error: GeorouteError): void {
    this.events.end(anthropicErrorEvent(error, this.requestId));
  }

  sendError(error: GeorouteError, headers: Record<string, string>): void {
    sendAnthropicError(this.response, error, this.requestId, headers);
  }
}
