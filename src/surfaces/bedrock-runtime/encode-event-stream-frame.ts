/** AWS event-stream frames (`application/vnd.amazon.eventstream`) as the Bedrock Runtime API sends them. */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

function stringHeader(value: string): { type: 'string'; value: string } {
  return { type: 'string', value };
}

/** An `event` frame: `:event-type` names the union member, the payload is its JSON. */
export function encodeEventFrame(eventType: string, body: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': stringHeader('event'),
      ':event-type': stringHeader(eventType),
      ':content-type': stringHeader('application/json'),
    },
    body: fromUtf8(JSON.stringify(body)),
  });
}

/** An InvokeModelWithResponseStream `chunk` event: the model-native bytes as base64 `bytes`. */
export function encodeChunkFrame(nativeChunk: Uint8Array): Uint8Array {
  return encodeEventFrame('chunk', { bytes: Buffer.from(nativeChunk).toString('base64') });
}

/** An `exception` frame: `:exception-type` is the lower-camel member name (`throttlingException`). */
export function encodeExceptionFrame(exceptionType: string, body: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': stringHeader('exception'),
      ':exception-type': stringHeader(exceptionType),
      ':content-type': stringHeader('application/json'),
    },
    body: fromUtf8(JSON.stringify(body)),
  });
}
