/**
 * Answers a Bedrock Runtime call. Converse: the JSON response. InvokeModel: the model-native bytes with the
 * `x-amzn-bedrock-*` token-count and latency headers. Streams: one event-stream frame per event, written as it
 * arrives (ConverseStream events by name, InvokeModel chunks as `chunk` events with base64 `bytes`; a frame relayed
 * from a Bedrock upstream as it was received, padding included, the others encoded here); a failure
 * after the 200 is an exception frame, then the end of the stream. Every response carries `x-amzn-requestid`.
 */
import type { GeorouteError } from '../../errors/error-catalog.js';
import type { InferenceResponseWriter } from '../../pipeline/inference-response-writer.js';
import type { OutboundResponse } from '../../server/http-exchange.js';
import type { TokenUsage, UpstreamStreamEvent } from '../../providers/upstream-contract.js';
import { EVENT_STREAM_CONTENT_TYPE, encodeChunkFrame, encodeEventFrame } from './encode-event-stream-frame.js';
import { bedrockExceptionFrame, sendBedrockError } from './send-bedrock-error.js';
import { CoalescingStreamWriter } from '../../server/coalescing-stream-writer.js';

export type BedrockOperationFamily = 'converse' | 'invoke';

export class BedrockResponseWriter implements InferenceResponseWriter {
  constructor(
    private readonly response: OutboundResponse,
    private readonly requestId: string,
    private readonly family: BedrockOperationFamily,
    private readonly receivedAt: number,
  ) {
    this.frames = new CoalescingStreamWriter(response);
  }

  private readonly frames: CoalescingStreamWriter;

  sendJson(body: Record<string, unknown> | Uint8Array, headers: Record<string, string>, usage: TokenUsage): void {
    const bytes = body instanceof Uint8Array ? body : Buffer.from(JSON.stringify(body), 'utf8');
    const out: Record<string, string> = {
      ...headers,
      'x-amzn-requestid': this.requestId,
      'content-type': 'application/json',
      'content-length': String(bytes.byteLength),
    };
    if (this.family === 'invoke') {
      out['x-amzn-bedrock-input-token-count'] = String(usage.inputTokens);
      out['x-amzn-bedrock-output-token-count'] = String(usage.outputTokens);
      if (usage.cacheReadInputTokens !== undefined) out['x-amzn-bedrock-cache-read-input-token-count'] = String(usage.cacheReadInputTokens);
      if (usage.cacheWriteInputTokens !== undefined) out['x-amzn-bedrock-cache-write-input-token-count'] = String(usage.cacheWriteInputTokens);
      out['x-amzn-bedrock-invocation-latency'] = String(Date.now() - this.receivedAt);
    }
    this.response.writeHead(200, out);
    this.response.end(bytes);
  }

  startStream(headers: Record<string, string>): void {
    this.response.writeHead(200, {
      ...headers,
      'x-amzn-requestid': this.requestId,
      'content-type': EVENT_STREAM_CONTENT_TYPE,
      ...(this.family === 'invoke' ? { 'x-amzn-bedrock-content-type': 'application/json' } : {}),
    });
  }

  writeEvent(event: UpstreamStreamEvent): Promise<void> | void {
    let frame: Uint8Array;
    // A frame from a Bedrock upstream goes on as it came (the fast path); others are encoded from the event.
    if (event.format === 'bedrock-converse' && this.family === 'converse') frame = event.frame ?? encodeEventFrame(event.eventType, event.body);
    else if (event.format === 'bedrock-invoke' && this.family === 'invoke') frame = event.frame ?? encodeChunkFrame(event.chunk);
    else throw new TypeError(`Bedrock ${this.family} writer got a ${event.format} event`);
    return this.frames.write(frame);
  }

  endStream(): void {
    this.frames.end();
  }

  failStream(error: GeorouteError): void {
    this.frames.end(bedrockExceptionFrame(error));
  }

  sendError(error: GeorouteError, headers: Record<string, string>): void {
    sendBedrockError(this.response, error, { ...headers, 'x-amzn-requestid': this.requestId });
  }
}
