/**
 * An upstream's server-sent-events body as the text of its `data:` fields, for providers that convert each event:
 * the first event is read before the stream is handed over (an upstream that fails before answering can still be
 * failed over), a transport error after it is `interrupted`, the client going away is `cancelled`, and a body that
 * ends without its end marker (`[DONE]` when `requireDone`) is `interrupted`, never a clean end. An error sent as a
 * chunk (`{"error": ...}`) is `interrupted` too (classify-sse-error-chunk.ts), not data. The body is read with its
 * `data` events (sse-body-reader.ts): pulled (`data`), or pushed as each chunk arrives (`relay`).
 */
import type { Dispatcher } from 'undici';
import { streamTransportFailure } from './classify-upstream-error.js';
import { SseBodyReader } from './sse-body-reader.js';
import { failureBeforeFirstEvent, sseErrorChunkFailure } from './classify-sse-error-chunk.js';
import type { InferenceStreamPart } from '../inference/inference-stream-part.js';
import { UpstreamFailure } from './upstream-contract.js';
import type { StopSignal } from '../inference/stop-signal.js';

export interface SseDataStream {
  /** Every `data:` text in order, the first one included. */
  data: AsyncIterable<string>;
  /**
   * The same texts pushed to `deliver` as the chunks arrive, the body paused while `deliver` returns a promise;
   * resolves at the clean end and rejects as `data` throws. Use this or `data`, never both.
   */
  relay(deliver: (data: string) => Promise<void> | void): Promise<void>;
  /** Whether `[DONE]` arrived (for upstreams whose streams end with it). */
  sawDone(): boolean;
}

export async function readSseDataStream(
  body: Dispatcher.ResponseData['body'],
  signal: StopSignal,
  deploymentId: string,
  options: { requireDone: boolean },
): Promise<SseDataStream> {
  const reader = new SseBodyReader(body);
  const { parser } = reader;
  let started = false;
  const fail = (error: unknown): UpstreamFailure => streamTransportFailure(error, signal, deploymentId, started);
  let first: string[];
  try {
    first = await reader.firstBatch();
    if (first.length === 0 && !parser.sawDone) throw new UpstreamFailure('unavailable', `${deploymentId}: the stream ended before its first event`);
    // An error before anything was passed on fails over like the HTTP error it stands for.
    const early = first.length === 0 ? undefined : sseErrorChunkFailure(deploymentId, first[0] as string);
    if (early !== undefined) throw failureBeforeFirstEvent(early);
  } catch (error) {
    body.destroy();
    throw fail(error);
  }
  started = true;
  const checked = (event: string): string => {
    const failure = sseErrorChunkFailure(deploymentId, event);
    if (failure !== undefined) throw failure;
    return event;
  };
  const endedWithoutDone = (): UpstreamFailure | undefined =>
    options.requireDone && !parser.sawDone ? new UpstreamFailure('interrupted', `${deploymentId}: the stream ended without [DONE]`) : undefined;
  async function* data(): AsyncGenerator<string> {
    try {
      for (const event of first) yield checked(event);
      for await (const event of reader.rest()) yield checked(event);
      const cut = endedWithoutDone();
      if (cut) throw cut;
    } catch (error) {
      throw fail(error);
    } finally {
      if (!body.destroyed && !body.readableEnded) body.destroy();
    }
  }
  const relay = async (deliver: (data: string) => Promise<void> | void): Promise<void> => {
    try {
      await reader.relay(first, (event) => deliver(checked(event)));
      const cut = endedWithoutDone();
      if (cut) throw cut;
    } catch (error) {
      throw fail(error);
    }
  };
  // The generator is made only for a consumer that pulls (a relayed stream never does).
  return { data: { [Symbol.asyncIterator]: data }, relay, sawDone: () => parser.sawDone };
}

/** A provider's converter from one JSON stream chunk to canonical parts; `finished` once it saw a finish reason. */
export interface JsonChunkConverter {
  readonly finished: boolean;
  push(chunk: Record<string, unknown>): InferenceStreamPart[];
}

/**
 * The canonical parts of a stream whose `data:` lines are JSON chunks: a line that is not JSON, or an end before
 * the converter saw a finish reason, is an `interrupted` failure (the stream broke after it started).
 */
export async function* jsonChunkStreamParts(sse: SseDataStream, converter: JsonChunkConverter, deploymentId: string): AsyncGenerator<InferenceStreamPart> {
  for await (const data of sse.data) {
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      throw new UpstreamFailure('interrupted', `${deploymentId}: a stream event is not JSON`);
    }
    if (typeof chunk === 'object' && chunk !== null && !Array.isArray(chunk)) yield* converter.push(chunk as Record<string, unknown>);
  }
  if (!converter.finished) throw new UpstreamFailure('interrupted', `${deploymentId}: the stream ended without a finish reason`);
}
