/**
 * Writes the events of a streamed response, coalescing those produced in the same turn of the event loop into one
 * socket write (an upstream chunk often carries several events), while keeping back-pressure: once the socket
 * refuses a write, the next event waits for `drain`. Events still reach the client without waiting for more.
 */
import type { OutboundResponse } from './http-exchange.js';
import { waitForDrain } from './wait-for-drain.js';

/** Flush early when this much is pending, so one turn of a fast upstream never builds a large buffer. */
const MAX_PENDING_BYTES = 64 * 1024;

export class CoalescingStreamWriter {
  private pending: Array<string | Uint8Array> = [];
  private pendingBytes = 0;
  private scheduled = false;
  /**
   * Set when the socket refused a write; resolves on its `drain`. Listened for at the refusal itself: a `drain`
   * that comes before the next event is asked to be written is not missed (the stream would wait for ever).
   */
  private drained: Promise<void> | undefined;

  constructor(private readonly response: OutboundResponse) {}

  /** Queues a chunk; returns a promise only when the socket refused a write and `drain` must be awaited first. */
  write(chunk: string | Uint8Array): Promise<void> | void {
    if (this.drained !== undefined) return this.drained.then(() => this.queue(chunk));
    this.queue(chunk);
  }

  private queue(chunk: string | Uint8Array): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= MAX_PENDING_BYTES) {
      this.flush();
    } else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }

  /** Writes what is pending; `last` is appended and the response ended when given (`end`). */
  end(last?: string | Uint8Array): void {
    if (last !== undefined) this.pending.push(last);
    const all = this.take();
    this.response.end(all);
  }

  /** What is pending goes out now (before an error event, for example). */
  readonly flush = (): void => {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    if (!this.response.write(this.take()) && this.drained === undefined) {
      this.drained = waitForDrain(this.response).then(() => {
        this.drained = undefined;
      });
    }
  };

  private take(): string | Uint8Array {
    const chunks = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    if (chunks.length === 1) return chunks[0];
    if (chunks.every((c) => typeof c === 'string')) return (chunks as string[]).join('');
    return Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
  }
}
