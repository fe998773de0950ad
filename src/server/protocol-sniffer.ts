/**
 * Tells HTTP/2 prior knowledge from HTTP/1.1 on a cleartext connection by its first bytes, and bounds the
 * connections still being told apart. The decision waits until the bytes either diverge from the HTTP/2 preface
 * (HTTP/1.1) or hold all of it (HTTP/2): a first segment of `P` or `PRI ` decides nothing yet.
 *
 * A connection that does not send enough bytes within `timeoutMs` is closed, and at most `maxPending`
 * connections wait at a time: a new one beyond that closes the oldest waiting one (a client that means to be
 * served sends its first bytes at once; a connection that has waited longest is the likeliest to be idle).
 */
import type { Socket } from 'node:net';

/** The HTTP/2 connection preface (RFC 9113 §3.4). */
export const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

export type SniffedProtocol = 'h2' | 'http/1.1';

/** The protocol the first bytes say, or undefined while they are a proper prefix of the HTTP/2 preface. */
export function sniffProtocol(head: Uint8Array): SniffedProtocol | undefined {
  const n = Math.min(head.length, H2_PREFACE.length);
  for (let i = 0; i < n; i++) if (head[i] !== H2_PREFACE[i]) return 'http/1.1';
  return n === H2_PREFACE.length ? 'h2' : undefined;
}

export interface ProtocolSnifferOptions {
  timeoutMs: number;
  maxPending: number;
  /** The protocol is known; the bytes read so far are back in the socket (unshifted), which is still paused. */
  onDecided(socket: Socket, protocol: SniffedProtocol): void;
}

export interface ProtocolSniffer {
  /** Starts reading a new (paused) connection's first bytes. */
  sniff(socket: Socket): void;
  /** Connections waiting for their first bytes right now. */
  readonly pending: number;
}

export function createProtocolSniffer(options: ProtocolSnifferOptions): ProtocolSniffer {
  // Insertion order is arrival order: the first entry is the oldest waiting connection.
  const waiting = new Map<Socket, () => void>();
  return {
    get pending() {
      return waiting.size;
    },
    sniff(socket) {
      if (waiting.size >= options.maxPending) {
        const [oldest, giveUp] = waiting.entries().next().value as [Socket, () => void];
        giveUp();
        oldest.destroy();
      }
      const chunks: Buffer[] = [];
      let length = 0;
      const stop = (): void => {
        clearTimeout(timer);
        waiting.delete(socket);
        socket.off('readable', onReadable);
        socket.off('end', onEnd);
        socket.off('close', stop);
      };
      const onReadable = (): void => {
        let chunk: Buffer | null;
        while ((chunk = socket.read() as Buffer | null) !== null) {
          chunks.push(chunk);
          length += chunk.length;
        }
        if (length === 0) return;
        const head = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length);
        const protocol = sniffProtocol(head);
        if (protocol === undefined) {
          chunks.length = 0;
          chunks.push(head);
          return;
        }
        stop();
        socket.unshift(head);
        options.onDecided(socket, protocol);
      };
      // Ended before saying enough to be told apart (a lone `P`, then FIN): nothing can be answered.
      const onEnd = (): void => {
        stop();
        socket.destroy();
      };
      const timer = setTimeout(() => {
        stop();
        socket.destroy();
      }, options.timeoutMs);
      waiting.set(socket, stop);
      socket.on('readable', onReadable);
      socket.once('end', onEnd);
      socket.once('close', stop);
    },
  };
}
