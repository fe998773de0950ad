/** Writes a streamed response: head and content chunks paced token by token, then the tail. No buffering. */
import { performance } from 'node:perf_hooks';
import type { SimExchange, SimResponseOutcome } from './sim-operation.js';
import { cutConnection } from './sim-http-io.js';
import type { SimulatorStreamErrorKind } from './simulator-types.js';
import { paceTokens, sleep } from './token-pacer.js';

/** Longest wait for written chunks to flush before a fault cuts the connection. */
const flushWaitMs = 1000;

export type StreamChunk = string | Uint8Array;

export interface PacedStream {
  contentType: string;
  headers?: Record<string, string>;
  /** Written together with the first content chunk (at time to first token). */
  head: readonly StreamChunk[];
  /** One chunk per token. */
  content: readonly StreamChunk[];
  /** Built after the last content chunk, so it can report usage and latency. */
  tail(latencyMs: number): readonly StreamChunk[];
  /**
   * The protocol's in-stream error of `kind`, written instead of the rest (the `streamError` fault) before a clean
   * end. Without it the fault cuts the connection, as `disconnectAfterChunks` does.
   */
  failure?(kind: SimulatorStreamErrorKind): readonly StreamChunk[];
}

export async function writePacedStream(exchange: SimExchange, stream: PacedStream): Promise<SimResponseOutcome> {
  const { res, signal } = exchange;
  res.statusCode = 200;
  res.setHeader('content-type', stream.contentType);
  res.setHeader('cache-control', 'no-cache');
  for (const [name, value] of Object.entries(stream.headers ?? {})) res.setHeader(name, value);
  res.flushHeaders();

  const cutAfter = exchange.disconnectAfterChunks;
  const failure = exchange.streamError;
  // Both faults may be set: the stream stops at the earlier one, and fails rather than breaks on a tie.
  const failsFirst = failure !== null && (cutAfter === null || failure.afterChunks <= cutAfter);
  const stopAfter = failsFirst ? failure.afterChunks : cutAfter;
  let lastWrite: Promise<void> = Promise.resolve();
  const write = (chunk: StreamChunk): void => {
    if (res.destroyed) return;
    lastWrite = new Promise((resolve) => res.write(chunk, () => resolve()));
  };
  const cut = async (): Promise<SimResponseOutcome> => {
    // Let what was written reach the client first: a broken upstream has sent its chunks, then goes away.
    const giveUp = new AbortController();
    await Promise.race([lastWrite, sleep(flushWaitMs, giveUp.signal).catch(() => undefined)]);
    giveUp.abort();
    cutConnection(res);
    return 'cut';
  };
  const fail = (kind: SimulatorStreamErrorKind): Promise<SimResponseOutcome> => {
    if (stream.failure === undefined) return cut();
    stream.failure(kind).forEach(write);
    res.end();
    return Promise.resolve('failed');
  };

  const finished = await paceTokens(stream.content.length, exchange.pacing, exchange.startedAt, signal, (index) => {
    if (index === 0) stream.head.forEach(write);
    if (stopAfter !== null && index >= stopAfter) return false;
    write(stream.content[index]);
    return true;
  });
  if (stream.content.length === 0) stream.head.forEach(write);
  // A stream shorter than `afterChunks` still gets its error, after its last chunk: it took the fault.
  if (failsFirst) return fail(failure.kind);
  if (!finished) return cut();
  stream.tail(Math.round(performance.now() - exchange.startedAt)).forEach(write);
  res.end();
  return 'completed';
}
