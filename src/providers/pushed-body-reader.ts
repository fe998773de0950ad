/**
 * An upstream's streamed body, read with its `data` events rather than an async iterator, so that a relayed stream
 * costs no promise and no generator step per event. A decoder turns the bytes into items (an SSE body's `data:`
 * texts, an AWS event stream's messages):
 * - `firstBatch()` reads up to the first chunk that completes an item (the attempt is decided on it: an upstream
 *   that fails at once can still be failed over) and pauses the body;
 * - then either `relay(first, deliver)` hands that batch and every later item to `deliver` synchronously as the
 *   chunks arrive, the body paused while `deliver` returns a promise (back-pressure), or `rest()` gives the later
 *   items as an async iterable, for a consumer that pulls (a converted stream).
 * The body's errors, and the decoder's (a broken frame, a body cut inside one), are caught from the start, so none
 * is ever uncaught, between the reads or after them. What an item means (an error chunk, usage, an end marker
 * required) is the provider's; this knows only the body.
 */
import type { Readable } from 'node:stream';

/** Decodes a body chunk by chunk; `end` returns what the end completes, or throws for a body cut inside an item. */
export interface BodyDecoder<T> {
  push(chunk: Uint8Array): T[];
  end(): T[];
  /** Set once the body said it is complete (SSE's `[DONE]`): a first batch may then be empty. */
  readonly sawDone?: boolean;
}

/** What `deliver` does with one item: a promise when the next must wait (the client's socket is full). */
export type BodyItemSink<T> = (item: T) => Promise<void> | void;

export class PushedBodyReader<T, D extends BodyDecoder<T> = BodyDecoder<T>> {
  private error: Error | undefined;

  constructor(
    private readonly body: Readable,
    readonly parser: D,
  ) {
    body.on('error', (error: Error) => {
      this.error ??= error;
    });
  }

  /** The items of the first chunk that completes any; none if the body ended without one (or was done at once). */
  firstBatch(): Promise<T[]> {
    const { body, parser } = this;
    return new Promise((resolve, reject) => {
      const settle = (): void => {
        body.pause();
        body.off('data', onData);
        body.off('end', onEnd);
        body.off('error', onError);
      };
      const onData = (chunk: Uint8Array): void => {
        let batch: T[];
        try {
          batch = parser.push(chunk);
        } catch (error) {
          return onError(error as Error);
        }
        if (batch.length === 0 && parser.sawDone !== true) return;
        settle();
        resolve(batch);
      };
      const onEnd = (): void => {
        settle();
        try {
          resolve(parser.end());
        } catch (error) {
          reject(error);
        }
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
   * Delivers `first`, then every later item, the last ones flushed by the body's end. Resolves once the body ended
   * and what `deliver` last waited for is done; rejects with the body's error, the decoder's, or what `deliver`
   * threw or its promise rejected with, the body destroyed then. Whether an end marker came is `parser.sawDone`.
   */
  relay(first: readonly T[], deliver: BodyItemSink<T>): Promise<void> {
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
      const send = (item: T): void => {
        const blocked = deliver(item);
        if (blocked === undefined) return;
        body.pause();
        const wait = blocked.then(() => {
          if (waiting === wait) waiting = undefined;
          if (!settled) body.resume();
        });
        waiting = wait;
        wait.catch(fail);
      };
      const sendAll = (batch: readonly T[]): boolean => {
        try {
          for (const item of batch) send(item);
          return true;
        } catch (error) {
          fail(error);
          return false;
        }
      };
      /** What the decoder makes of a chunk (of the end, with none); undefined once it threw (the relay failed). */
      const decode = (chunk: Uint8Array | undefined): T[] | undefined => {
        try {
          return chunk === undefined ? parser.end() : parser.push(chunk);
        } catch (error) {
          fail(error);
          return undefined;
        }
      };
      const onData = (chunk: Uint8Array): void => {
        const batch = decode(chunk);
        if (batch !== undefined) sendAll(batch);
      };
      const onEnd = (): void => {
        const batch = decode(undefined);
        if (batch === undefined || !sendAll(batch)) return;
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

  /** The later items for a consumer that pulls; leaving the loop early destroys the body. */
  async *rest(): AsyncGenerator<T> {
    if (this.error !== undefined) throw this.error;
    for await (const chunk of this.body as AsyncIterable<Uint8Array>) yield* this.parser.push(chunk);
    yield* this.parser.end();
  }
}
