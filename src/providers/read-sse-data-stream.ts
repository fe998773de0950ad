/**
 * An upstream's server-sent-events body as the text of its `data:` fields, for providers that convert each event:
 * the first event is read before the stream is handed over (an upstream that fails before answering can still be
 * failed over), a transport error after it is `interrupted`, the client going away is `cancelled`, and a body that
 * ends without its end marker (`[DONE]` when `requireDone`) is `interrupted`, never a clean end. An error sent as a
 * chunk (`{"error": ...}`) is `interrupted` too (classify-sse-error-chunk.ts), not data.
 */
import type { Dispatcher } from 'undici';
import { streamTransportFailure } from './classify-upstream-error.js';
import { SseDataParser } from './sse-data-parser.js';
import { failureBeforeFirstEvent, sseErrorChunkFailure } from './classify-sse-error-chunk.js';
import type { InferenceStreamPart } from '../inference/inference-stream-part.js';
import { UpstreamFailure } from './upstream-contract.js';
import type { StopSignal } from '../inference/stop-signal.js';

export interface SseDataStream {
  /** Every `data:` text in order, the first one included. */
  data: AsyncIterable<string>;
  /** Whether `[DONE]` arrived (for upstreams whose streams end with it). */
  sawDone(): boolean;
}

export async function readSseDataStream(
  body: Dispatcher.ResponseData['body'],
  signal: StopSignal,
  deploymentId: string,
  options: { requireDone: boolean },
): Promise<SseDataStream> {
  const parser = new SseDataParser();
  const chunks = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  const pending: string[] = [];
  let started = false;
  let ended = false;
  const next = async (): Promise<string | undefined> => {
    while (pending.length === 0 && !ended) {
      const chunk = await chunks.next();
      if (chunk.done) {
        ended = true;
        pending.push(...parser.end());
      } else {
        pending.push(...parser.push(chunk.value));
      }
    }
    return pending.shift();
  };
  const fail = (error: unknown): UpstreamFailure => streamTransportFailure(error, signal, deploymentId, started);
  let first: string | undefined;
  try {
    first = await next();
    if (first === undefined && !parser.sawDone) throw new UpstreamFailure('unavailable', `${deploymentId}: the stream ended before its first event`);
    // An error before anything was passed on fails over like the HTTP error it stands for.
    const early = first === undefined ? undefined : sseErrorChunkFailure(deploymentId, first);
    if (early !== undefined) throw failureBeforeFirstEvent(early);
  } catch (error) {
    body.destroy();
    throw fail(error);
  }
  started = true;
  async function* data(): AsyncGenerator<string> {
    try {
      for (let event = first; event !== undefined; event = await next()) {
        const failure = sseErrorChunkFailure(deploymentId, event);
        if (failure !== undefined) throw failure;
        yield event;
      }
      if (options.requireDone && !parser.sawDone) throw new UpstreamFailure('interrupted', `${deploymentId}: the stream ended without [DONE]`);
    } catch (error) {
      throw fail(error);
    } finally {
      if (!body.destroyed && !body.readableEnded) body.destroy();
    }
  }
  return { data: data(), sawDone: () => parser.sawDone };
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
