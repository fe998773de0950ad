/**
 * What the surfaces' stream renderers share when a stream cannot be rendered to its end: an upstream error part
 * (a throttle is `no_capacity`, anything else `stream_interrupted`), and a stream that closed before its stop
 * reason. Each renderer throws these; its surface renders them in its own wire.
 */
import { GeorouteError } from '../errors/error-catalog.js';
import type { InferenceStreamError } from '../inference/inference-stream-part.js';

export function streamPartError(part: InferenceStreamError): GeorouteError {
  return new GeorouteError(part.kind === 'throttled' ? 'no_capacity' : 'stream_interrupted', part.message);
}

export function streamEndedBeforeStop(): GeorouteError {
  return new GeorouteError('stream_interrupted', 'The upstream stream ended before its stop reason.');
}
