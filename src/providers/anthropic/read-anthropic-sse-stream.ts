/**
 * An Anthropic SSE body as upstream events, in the format the request came in: `anthropic-messages` events as
 * they are, or Bedrock `chunk`s (each event's JSON; `message_stop` carrying `amazon-bedrock-invocationMetrics` as
 * Bedrock sends it; `ping` dropped). Usage is read from `message_start` and `message_delta`. The first event is
 * read before the stream is handed over, so an `error` event instead of an answer still fails over; a stream that
 * ends before `message_stop`, or with an `error` event, ends in an `interrupted` failure. The body is read with its
 * `data` events (sse-body-reader.ts): relayed, each event goes straight to the writer (`relay`).
 */
import type { Dispatcher } from 'undici';
import { anthropicEventType } from '../../surfaces/anthropic-messages/anthropic-event-type.js';
import { usageAfterAnthropicEvent } from '../../surfaces/anthropic-messages/read-anthropic-usage.js';
import { SseBodyReader } from '../sse-body-reader.js';
import { streamTransportFailure } from '../classify-upstream-error.js';
import { UpstreamFailure, type RateLimitObservation, type TokenUsage, type UpstreamStreamEvent } from '../upstream-contract.js';
import type { UpstreamStreamResponse } from '../upstream-transport.js';
import { classifyAnthropicStreamError } from './classify-anthropic-error.js';
import type { StopSignal } from '../../inference/stop-signal.js';

export interface AnthropicSseInput {
  deploymentId: string;
  format: 'anthropic-messages' | 'bedrock-invoke';
  body: Dispatcher.ResponseData['body'];
  signal: StopSignal;
  rateLimit?: RateLimitObservation;
  startedAt: number;
}


export async function readAnthropicSseStream(input: AnthropicSseInput): Promise<UpstreamStreamResponse> {
  const { deploymentId, format, body, signal } = input;
  const reader = new SseBodyReader(body);
  let usage: TokenUsage | undefined;
  let sawStop = false;
  let started = false;
  let firstByteMs: number | undefined;

  const toEvent = (data: string): UpstreamStreamEvent | undefined => {
    const type = anthropicEventType(data);
    if (type === 'error') throw classifyAnthropicStreamError(deploymentId, data, started);
    started = true;
    if (type === 'message_start' || type === 'message_delta') usage = usageAfterAnthropicEvent(usage, JSON.parse(data));
    if (type === 'message_stop') sawStop = true;
    if (format === 'anthropic-messages') return { format, eventType: type, data };
    if (type === 'ping') return undefined;
    const json = type !== 'message_stop' ? data : JSON.stringify({
      ...(JSON.parse(data) as Record<string, unknown>),
      'amazon-bedrock-invocationMetrics': {
        inputTokenCount: usage?.inputTokens ?? 0,
        outputTokenCount: usage?.outputTokens ?? 0,
        invocationLatency: Date.now() - input.startedAt,
        firstByteLatency: firstByteMs ?? 0,
        cacheReadInputTokenCount: usage?.cacheReadInputTokens ?? 0,
        cacheWriteInputTokenCount: usage?.cacheWriteInputTokens ?? 0,
      },
    });
    return { format, chunk: new Uint8Array(Buffer.from(json, 'utf8')) };
  };

  const fail = (error: unknown): UpstreamFailure => streamTransportFailure(error, signal, deploymentId, started);
  const endedBeforeStop = () => new UpstreamFailure('interrupted', `${deploymentId}: the stream ended before message_stop`);

  // The first event decides the attempt (an `error` instead of an answer fails over); the rest of its batch follows.
  let firstEvent: UpstreamStreamEvent | undefined;
  let restOfBatch: string[];
  try {
    const batch = await reader.firstBatch();
    // Bedrock's `firstByteLatency`: when the first event came.
    firstByteMs = Date.now() - input.startedAt;
    if (batch.length === 0) throw new UpstreamFailure('unavailable', `${deploymentId}: the stream ended before its first event`);
    firstEvent = toEvent(batch[0] as string);
    restOfBatch = batch.slice(1);
  } catch (error) {
    body.destroy();
    throw fail(error);
  }

  async function* events(): AsyncGenerator<UpstreamStreamEvent> {
    try {
      if (firstEvent) yield firstEvent;
      for (const data of restOfBatch) {
        const event = toEvent(data);
        if (event) yield event;
      }
      for await (const data of reader.rest()) {
        const event = toEvent(data);
        if (event) yield event;
      }
      if (!sawStop) throw endedBeforeStop();
    } catch (error) {
      throw fail(error);
    } finally {
      if (!body.destroyed && !body.readableEnded) body.destroy();
    }
  }

  const relay = async (write: (event: UpstreamStreamEvent) => Promise<void> | void): Promise<void> => {
    try {
      const blocked = firstEvent === undefined ? undefined : write(firstEvent);
      if (blocked !== undefined) await blocked;
      await reader.relay(restOfBatch, (data) => {
        const event = toEvent(data);
        return event === undefined ? undefined : write(event);
      });
    } catch (error) {
      // The reader destroys the body when its relay fails; a failure before it (the first write) must too.
      if (!body.destroyed && !body.readableEnded) body.destroy();
      throw fail(error);
    }
    if (!sawStop) throw endedBeforeStop();
  };

  // The generator is made only for a consumer that pulls (a relayed stream never does).
  return { kind: 'stream', events: { [Symbol.asyncIterator]: events }, relay, usage: () => usage, rateLimit: input.rateLimit };
}
