/**
 * An upstream's server-sent-events body, read with its `data` events rather than an async iterator, so that a
 * relayed stream costs no promise and no generator step per event:
 * - `firstBatch()` reads up to the first chunk that completes an event (the attempt is decided on it: an upstream
 *   that fails at once can still be failed over) and pauses the body;
 * - then either `relay(first, deliver)` hands that batch and every later `data:` text to `deliver` synchronously as
 *   the chunks arrive, the body paused while `deliver` returns a promise (back-pressure), or `rest()` gives the
 *   later texts as an async iterable, for a consumer that pulls (a converted stream).
 * The body's errors are listened for from the start, so none is ever uncaught, between the reads or after them.
 * What an event means (an error chunk, usage, `[DONE]` required) is the provider's; this knows only the body.
 */
import type { Readable } from 'node:stream';
import { SseDataParser } from './sse-data-parser.js';

/** What `deliver` does with one `data:` text: a promise when the next must wait (the client's socket is full). */
export type SseDataSink = (data: string) => Promise<void> | void;

export class SseBodyReader {
  readonly parser = new SseDataParser();
  private error: Error | undefined;

  constructor(private readonly body: Readable) {
    body.on('error', (error: Error) => {
      this.error ??= error;
    });
  }

  /** The `data:` texts of the first chunk that has any; none if the body ended without one (or with `[DONE]` alone). */
  firstBatch(): Promise<string[]> {
    const { body, parser } = this;
    return new Promise((resolve, reject) => {
      const settle = (): void => {
        body.pause();
        body.off('data', onData);
        body.off('end', onEnd);
        body.off('error', onError);
      };
      const onData = (chunk: Uint8Array): void => {
        const batch = parser.push(chunk);
        if (batch.length === 0 && !parser.sawDone) return;
        settle();
        resolve(batch);
      };
      const onEnd = (): void => {
        settle();
        resolve(parser.end());
      };
      const onError = (error: Error): void => {
        settle();
        reject(error);
      };
      if (this.error !== undefined) return reject(this.error);
      body.on('data', onData);
      body.on('end', onEnd);
      body.on('error', onError);
    });
  }

  /**
   * Delivers `first`, then every later `data:` text, the last ones flushed by the body's end. Resolves once the body
   * ended and what `deliver` last waited for is done; rejects with the body's error, or with what `deliver` threw or
   * its promise rejected with, the body destroyed then. Whether `[DONE]` came is `parser.sawDone`.
   */
  relay(first: readonly string[], deliver: SseDataSink): Promise<void> {
    const { body, parser } = this;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      let waiting: Promise<void> | undefined;
      const detach = (): void => {
        settled = true;
        body.off('data', onData);
        body.off('end', onEnd);
        body.off('error', fail);
        body.off('close', onClose);
      };
      const fail = (error: unknown): void => {
        if (settled) return;
        detach();
        if (!body.destroyed) body.destroy();
        reject(error);
      };
      const send = (data: string): void => {
        const blocked = deliver(data);
        if (blocked === undefined) return;
        body.pause();
        const wait = blocked.then(() => {
          if (waiting === wait) waiting = undefined;
          if (!settled) body.resume();
        });
        waiting = wait;
        wait.catch(fail);
      };
      const sendAll = (batch: readonly string[]): boolean => {
        try {
          for (const data of batch) send(data);
          return true;
        } catch (error) {
          fail(error);
          return false;
        }
      };
      const onData = (chunk: Uint8Array): void => {
        sendAll(parser.push(chunk));
      };
      const onEnd = (): void => {
        if (!sendAll(parser.end())) return;
        detach();
        if (waiting === undefined) resolve();
        else waiting.then(resolve, reject);
      };
      // Destroyed without an error and before its end (a socket closed under it): not a clean end either.
      const onClose = (): void => fail(this.error ?? new Error('the upstream body closed before its end'));
      if (!sendAll(first)) return;
      if (this.error !== undefined) return fail(this.error);
      body.on('data', onData);
      body.on('end', onEnd);
      body.on('error', fail);
      body.on('close', onClose);
      if (body.readableEnded) onEnd();
      else if (waiting === undefined) body.resume();
    });
  }

  /** The later `data:` texts for a consumer that pulls; leaving the loop early destroys the body. */
  async *rest(): AsyncGenerator<string> {
    if (this.error !== undefined) throw this.error;
    for await (const chunk of this.body as AsyncIterable<Uint8Array>) yield* this.parser.push(chunk);
    yield* this.parser.end();
  }
}
