/**
 * An OutboundResponse written straight to a socket as one HTTP/1.1 response with `connection: close`, for the
 * requests Node's parser rejected (they never get a ServerResponse). Only the subset error responders use.
 */
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import type { OutboundResponse } from './http-exchange.js';

export class RawSocketResponse implements OutboundResponse {
  headersSent = false;
  writableFinished = false;
  private head = '';

  constructor(private readonly socket: Duplex) {}

  writeHead(status: number, headers: Record<string, string | string[]> = {}): this {
    const lines = Object.entries({ ...headers, connection: 'close' }).flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value]).map((v) => `${name}: ${v}`),
    );
    this.head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n${lines.join('\r\n')}\r\n\r\n`;
    this.headersSent = true;
    return this;
  }

  write(chunk: string | Uint8Array): boolean {
    this.socket.write(this.head);
    this.head = '';
    return this.socket.write(chunk);
  }

  end(chunk?: string | Uint8Array): this {
    this.socket.end(Buffer.concat([Buffer.from(this.head), chunk === undefined ? Buffer.alloc(0) : Buffer.from(chunk)]));
    this.head = '';
    this.writableFinished = true;
    return this;
  }

  destroy(): this {
    this.socket.destroy();
    return this;
  }

  on(): this {
    return this;
  }

  once(): this {
    return this;
  }

  off(): this {
    return this;
  }
}
