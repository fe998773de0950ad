/**
 * A Bedrock event stream as upstream events: ConverseStream frames become `{eventType, body}`, InvokeModel
 * `chunk` frames become the model-native bytes they carry. Usage is picked up on the way (`metadata`, Nova
 * usage, invocation metrics). Any exception frame, broken frame, or a ConverseStream that ends before
 * `messageStop` ends the stream with an `interrupted` failure, pulled (`events`) or relayed (`relay`, each event
 * pushed to the writer as its chunk arrives): a cut stream never looks complete.
 */
import { toUtf8 } from '@smithy/util-utf8';
import type { Dispatcher } from 'undici';
import { streamTransportFailure } from '../classify-upstream-error.js';
import { UpstreamFailure, type RateLimitObservation, type TokenUsage, type UpstreamStreamEvent } from '../upstream-contract.js';
import type { UpstreamStreamResponse } from '../upstream-transport.js';
import { classifyBedrockStreamException } from './classify-bedrock-error.js';
import { usageFromNativeChunk, usageFromUsageObject } from './read-bedrock-usage.js';
import type { EventStreamMessage } from './read-event-stream-messages.js';
import type { PushedBodyReader } from '../pushed-body-reader.js';
import type { StopSignal } from '../../inference/stop-signal.js';

export interface BedrockEventStreamInput {
  deploymentId: string;
  format: 'bedrock-converse' | 'bedrock-invoke';
  /** The messages of the first chunk that had any, already read (the first of them an event). */
  first: readonly EventStreamMessage[];
  /** The body's reader, paused after `first`. */
  reader: PushedBodyReader<EventStreamMessage>;
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
      return { format, eventType: message.type, body: eventBody, frame: message.frame };
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
    return { format, chunk, frame: message.frame };
  };

  /** A ConverseStream that ended without `messageStop` was cut, however cleanly its body ended. */
  const assertComplete = (): void => {
    if (format === 'bedrock-converse' && !sawMessageStop) throw new UpstreamFailure('interrupted', `${deploymentId}: the stream ended before messageStop`);
  };
  const brokeOff = (error: unknown): UpstreamFailure => streamTransportFailure(error, input.signal, deploymentId);
  const release = (): void => {
    if (!body.destroyed) body.destroy();
  };

  async function* events(): AsyncGenerator<UpstreamStreamEvent> {
    try {
      for (const message of input.first) {
        const event = toEvent(message);
        if (event) yield event;
      }
      for await (const message of input.reader.rest()) {
        const event = toEvent(message);
        if (event) yield event;
      }
      assertComplete();
    } catch (error) {
      throw brokeOff(error);
    } finally {
      release();
    }
  }

  /** Each event handed to `write` as its chunk arrives (reader.relay), the upstream paused while a write is refused. */
  const relay = async (write: (event: UpstreamStreamEvent) => Promise<void> | void): Promise<void> => {
    try {
      await input.reader.relay(input.first, (message) => {
        const event = toEvent(message);
        return event === undefined ? undefined : write(event);
      });
      assertComplete();
    } catch (error) {
      throw brokeOff(error);
    } finally {
      release();
    }
  };

  // The generator is made only for a consumer that pulls (a relayed stream never does).
  return { kind: 'stream', events: { [Symbol.asyncIterator]: events }, relay, usage: () => usage, rateLimit: input.rateLimit };
}
