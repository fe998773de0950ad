/** AWS event-stream frames (`application/vnd.amazon.eventstream`) for ConverseStream and InvokeModelWithResponseStream. */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

export const eventStreamContentType = 'application/vnd.amazon.eventstream';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** An `event` frame: `:event-type` names the union member, the body is its JSON. */
export function encodeEventFrame(eventType: string, body: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'event' },
      ':event-type': { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: fromUtf8(JSON.stringify(body)),
  });
}

/**
 * An `exception` frame, what Bedrock sends when a stream fails after it started: `:exception-type` is the
 * lower-camel union member (`throttlingException`), the body `{"message": ...}`.
 */
export function encodeExceptionFrame(exceptionType: string, message: string): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'exception' },
      ':exception-type': { type: 'string', value: exceptionType },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: fromUtf8(JSON.stringify({ message })),
  });
}

/** An InvokeModelWithResponseStream `chunk` event carrying model-native JSON as base64 `bytes`. */
export function encodeChunkFrame(nativeChunk: unknown): Uint8Array {
  const bytes = Buffer.from(JSON.stringify(nativeChunk), 'utf8').toString('base64');
  return encodeEventFrame('chunk', { bytes });
}
