/**
 * Decodes an AWS event stream (`application/vnd.amazon.eventstream`) as it arrives, one frame at a time: read the
 * 4-byte big-endian total length, wait until the whole frame is buffered, decode it with `EventStreamCodec`
 * (which checks both CRCs). A body that ends inside a frame is an error, never a silent end.
 */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { BodyDecoder } from '../pushed-body-reader.js';

export interface EventStreamMessage {
  /** `:message-type`: `event`, `exception` or `error`. */
  messageType: string;
  /** `:event-type` of an event, `:exception-type` of an exception, `:error-code` of an error. */
  type: string;
  /** The frame's payload. */
  body: Uint8Array;
  /** `:error-message` of an `error` frame. */
  errorMessage?: string;
  /** The whole frame as it was received (both CRCs checked): what a relay writes on unchanged. */
  frame: Uint8Array;
}

export class TruncatedEventStreamError extends Error {
  constructor(bufferedBytes: number) {
    super(`the event stream ended inside a frame (${bufferedBytes} bytes left over)`);
    this.name = 'TruncatedEventStreamError';
  }
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const PRELUDE_BYTES = 12;

function headerText(headers: Record<string, { value: unknown }>, name: string): string | undefined {
  const header = headers[name];
  return header === undefined ? undefined : String(header.value);
}

export function decodeEventStreamFrame(frame: Uint8Array): EventStreamMessage {
  const message = codec.decode(frame);
  const headers = message.headers;
  const messageType = headerText(headers, ':message-type') ?? 'event';
  const type =
    (messageType === 'exception' ? headerText(headers, ':exception-type') : messageType === 'error' ? headerText(headers, ':error-code') : headerText(headers, ':event-type')) ?? '';
  const errorMessage = headerText(headers, ':error-message');
  return { messageType, type, body: message.body, frame, ...(errorMessage === undefined ? {} : { errorMessage }) };
}

/**
 * The messages of an event stream as its chunks complete them (a decoder for pushed-body-reader.ts); `end` throws
 * for a body that ended inside a frame.
 */
export class EventStreamDecoder implements BodyDecoder<EventStreamMessage> {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Uint8Array): EventStreamMessage[] {
    let buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    const messages: EventStreamMessage[] = [];
    while (buffer.length >= PRELUDE_BYTES) {
      const total = buffer.readUInt32BE(0);
      if (total < PRELUDE_BYTES + 4) throw new Error(`invalid event stream frame length ${total}`);
      if (buffer.length < total) break;
      const frame = buffer.subarray(0, total);
      buffer = buffer.subarray(total);
      messages.push(decodeEventStreamFrame(frame));
    }
    this.buffer = buffer;
    return messages;
  }

  end(): EventStreamMessage[] {
    if (this.buffer.length > 0) throw new TruncatedEventStreamError(this.buffer.length);
    return [];
  }
}
