/**
 * Answers an OpenAI chat request: a JSON completion, or server-sent events written as they arrive. A failure after
 * the stream started is an explicit `error` event and the connection is closed without `[DONE]`, so no client can
 * mistake a cut stream for a complete answer.
 */
import type { GeorouteError } from '../../errors/error-catalog.js';
import type { InferenceResponseWriter } from '../../pipeline/inference-response-writer.js';
import type { OutboundResponse } from '../../server/http-exchange.js';
import type { UpstreamStreamEvent } from '../../providers/upstream-contract.js';
import { openAiErrorBody, sendOpenAiError } from './send-openai-error.js';
import { CoalescingStreamWriter } from '../../server/coalescing-stream-writer.js';

/** One SSE event carrying `data`; each line of multi-line data gets its own `data:` field, as SSE requires. */
export function sseDataFrame(data: string): string {
  return data.includes('\n') ? `${data.split('\n').map((line) => `data: ${line}`).join('\n')}\n\n` : `data: ${data}\n\n`;
}

export class OpenAiResponseWriter implements InferenceResponseWriter {
  constructor(
    private readonly response: OutboundResponse,
    /** Pass the final usage-only chunk on only if the client asked for it (`stream_options.include_usage`). */
    private readonly clientWantsUsage: boolean,
  ) {
    this.events = new CoalescingStreamWriter(response);
  }

  private readonly events: CoalescingStreamWriter;

  sendJson(body: Record<string, unknown> | Uint8Array, headers: Record<string, string>): void {
    const text = body instanceof Uint8Array ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : JSON.stringify(body);
    this.response.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
    this.response.end(text);
  }

  startStream(headers: Record<string, string>): void {
    this.response.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
  }

  writeEvent(event: UpstreamStreamEvent): Promise<void> | void {
    if (event.format !== 'openai-chat') throw new TypeError(`OpenAI writer got a ${event.format} event`);
    if (!this.clientWantsUsage && event.data.startsWith('{') && event.data.includes('"choices":[]') && event.data.includes('"usage"')) return;
    return this.events.write(sseDataFrame(event.data));
  }

  endStream(): void {
    this.events.end('data: [DONE]\n\n');
  }

  failStream(error: GeorouteError): void {
    this.events.flush();
    this.response.write(`event: error\ndata: ${openAiErrorBody(error)}\n\n`);
    // Close without [DONE]: on HTTP/1.1 a reset connection, on HTTP/2 a reset stream.
    setImmediate(() => this.response.destroy(new Error(error.message)));
  }

  sendError(error: GeorouteError, headers: Record<string, string>): void {
    sendOpenAiError(this.response, error, headers);
  }
}
