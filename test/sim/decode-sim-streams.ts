/** Decoding the simulator's streams in tests: SSE `data:` lines and AWS event-stream frames. */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/** The payloads of the `data:` lines of an SSE body, in order (including `[DONE]`). */
export function sseDataLines(body: string): string[] {
  return body
    .split('\n\n')
    .map((event) => event.trim())
    .filter((event) => event.startsWith('data: '))
    .map((event) => event.slice('data: '.length));
}

export interface DecodedEvent {
  headers: Record<string, string>;
  body: unknown;
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** Splits a complete event-stream body into frames and decodes each (CRC-checked by the codec). */
export function decodeEventStream(bytes: Uint8Array): DecodedEvent[] {
  const events: DecodedEvent[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset < bytes.byteLength) {
    const length = view.getUint32(offset);
    const message = codec.decode(bytes.subarray(offset, offset + length));
    const headers: Record<string, string> = {};
    for (const [name, header] of Object.entries(message.headers)) headers[name] = String(header.value);
    events.push({ headers, body: JSON.parse(toUtf8(message.body)) as unknown });
    offset += length;
  }
  return events;
}

/** InvokeModelWithResponseStream: the model-native JSON of each `chunk` event. */
export function decodeChunkPayloads(events: readonly DecodedEvent[]): unknown[] {
  return events.map((event) => {
    const { bytes } = event.body as { bytes: string };
    return JSON.parse(Buffer.from(bytes, 'base64').toString('utf8')) as unknown;
  });
}
