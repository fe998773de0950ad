/**
 * The `openai-responses` wire format: a Responses request body as parsed JSON; one stream event is its `type` (the
 * SSE `event:` name) and the JSON text of its `data:`. Added to the wire-format map from this folder.
 */
import type { WireEvent } from '../../inference/wire-format.js';

declare module '../../inference/wire-format.js' {
  interface WireFormatShapes {
    'openai-responses': { body: Record<string, unknown>; event: { eventType: string; data: string } };
  }
}

export type ResponsesWireEvent = WireEvent<'openai-responses'>;

export function responsesEvent(eventType: string, data: Record<string, unknown>): ResponsesWireEvent {
  return { format: 'openai-responses', eventType, data: JSON.stringify(data) };
}
