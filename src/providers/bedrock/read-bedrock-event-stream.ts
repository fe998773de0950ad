/**
 * A Bedrock event stream as upstream events: ConverseStream frames become `{eventType, body}`, InvokeModel
 * `chunk` frames become the model-native bytes they carry. Usage is picked up on the way (`metadata`, Nova
 * usage, invocation metrics). Any exception frame, broken frame, or a ConverseStream that ends before
 * `messageStop` ends the iteration with an `interrupted` failure: a cut stream never looks complete.
 */
import { toUtf8 } from '@smithy/util-utf8';
import type { Dispatcher } from 'undici';
import { streamTransportFailure } from '../classify-upstream-error.js';
import { UpstreamFailure, type RateLimitObservation, type TokenUsage, type UpstreamStreamEvent } from '../upstream-contract.js';
import type { UpstreamStreamResponse } from '../upstream-transport.js';
import { classifyBedrockStreamException } from './classify-bedrock-error.js';
import { usageFromNativeChunk, usageFromUsageObject } from './read-bedrock-usage.js';
import type { EventStreamMessage } from './read-event-stream-messages.js';
import type { StopSignal } from '../../inference/stop-signal.js';

export interface BedrockEventStreamInput {
  deploymentId: string;
  format: 'bedrock-converse' | 'bedrock-invoke';
  /** The first message, already read (an event). */
  first: EventStreamMessage;
  rest: AsyncIterator<EventStreamMessage>;
  body: Dispatcher.ResponseData['body'];
  signal: StopSignal;
  headerUsage?: TokenUsage;
  rateLimit?: RateLimitObservation;
}

function parseObject(bytes: Uint8Array, what: string, deploymentId: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(toUtf8(bytes));
  } catch {
    // Not kept as the cause: a JSON SyntaxError quotes the bytes, which are content.
    throw new UpstreamFailure('interrupted', `${deploymentId}: a ${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UpstreamFailure('interrupted', `${deploymentId}: a ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

export function readBedrockEventStream(input: BedrockEventStreamInput): UpstreamStreamResponse {
  const { deploymentId, format, body } = input;
  let usage = input.headerUsage;
  let sawMessageStop = false;

  const toEvent = (message: EventStreamMessage): UpstreamStreamEvent | undefined => {
    if (message.messageType !== 'event') {
      const text = message.errorMessage ?? toUtf8(message.body).slice(0, 300);
      throw classifyBedrockStreamException(deploymentId, message.type || message.messageType, text, true);
    }
    if (format === 'bedrock-converse') {
      const eventBody = parseObject(message.body, `${message.type} event`, deploymentId);
      delete eventBody.p; // random padding of real frames
      if (message.type === 'metadata') usage = usageFromUsageObject(eventBody.usage) ?? usage;
      if (message.type === 'messageStop') sawMessageStop = true;
      return { format, eventType: message.type, body: eventBody };
    }
    if (message.type !== 'chunk') return undefined;
    const bytes = parseObject(message.body, 'chunk event', deploymentId).bytes;
    if (typeof bytes !== 'string') throw new UpstreamFailure('interrupted', `${deploymentId}: a chunk event has no bytes`);
    const chunk = new Uint8Array(Buffer.from(bytes, 'base64'));
    const text = toUtf8(chunk);
    if (text.includes('usage') || text.includes('invocationMetrics')) {
      try {
        usage = usageFromNativeChunk(JSON.parse(text), usage);
      } catch {
        // a chunk that is not JSON is passed on as is; its usage is simply unknown
      }
    }
    return { format, chunk };
  };

  async function* events(): AsyncGenerator<UpstreamStreamEvent> {
    try {
      const first = toEvent(input.first);
      if (first) yield first;
      while (true) {
        const next = await input.rest.next();
        if (next.done) break;
        const event = toEvent(next.value);
        if (event) yield event;
      }
      if (format === 'bedrock-converse' && !sawMessageStop) {
        throw new UpstreamFailure('interrupted', `${deploymentId}: the stream ended before messageStop`);
      }
    } catch (error) {
      throw streamTransportFailure(error, input.signal, deploymentId);
    } finally {
      if (!body.destroyed) body.destroy();
    }
  }

  return { kind: 'stream', events: events(), usage: () => usage, rateLimit: input.rateLimit };
}
