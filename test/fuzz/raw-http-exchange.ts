/**
 * Sends exact bytes over a plain TCP socket (so bodies can lie about their length, headers can be malformed and
 * requests can be cut short) and reads back whatever the server answers, parsed just enough to judge it.
 */
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

export interface RawOutcome {
  /** The first final (non-1xx) response, if any bytes of one arrived. */
  response?: RawResponse;
  /** The answer began with HTTP/2 framing (the h2c path of the listener). */
  http2: boolean;
  /** No complete answer in time. */
  timedOut: boolean;
  received: number;
}

export interface SendOptions {
  /** End our side after sending (a request whose body is cut short). */
  halfClose: boolean;
  timeoutMs: number;
}

export function sendRawRequest(port: number, pieces: readonly Buffer[], options: SendOptions): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (timedOut: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const all = Buffer.concat(chunks, received);
      resolve({ response: parseResponse(all), http2: looksLikeHttp2(all), timedOut, received });
    };
    const timer = setTimeout(() => finish(true), options.timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
    socket.on('end', () => finish(false));
    socket.once('connect', () => {
      for (const piece of pieces) {
        if (socket.destroyed) break;
        socket.write(piece);
      }
      if (options.halfClose && !socket.destroyed) socket.end();
    });
  });
}

function looksLikeHttp2(bytes: Buffer): boolean {
  // An HTTP/2 frame header: 3-byte length, type (SETTINGS=4, GOAWAY=7), flags, stream id.
  return bytes.length >= 9 && !bytes.subarray(0, 5).equals(Buffer.from('HTTP/')) && (bytes[3] === 4 || bytes[3] === 7);
}

/** The first final response in `bytes` (skipping 100 Continue), tolerating a body cut short. */
export function parseResponse(bytes: Buffer): RawResponse | undefined {
  let offset = 0;
  for (;;) {
    const headEnd = bytes.indexOf('\r\n\r\n', offset);
    if (headEnd === -1) return undefined;
    const head = bytes.subarray(offset, headEnd).toString('latin1').split('\r\n');
    const match = /^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? '');
    if (!match) return undefined;
    const status = Number(match[1]);
    const headers: Record<string, string> = {};
    for (const line of head.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    offset = headEnd + 4;
    if (status >= 100 && status < 200) continue;
    const rest = bytes.subarray(offset);
    let body: Buffer;
    if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(rest);
    else if (headers['content-length'] !== undefined) body = rest.subarray(0, Number(headers['content-length']));
    else body = rest;
    return { status, headers, body };
  }
}

function dechunk(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const lineEnd = bytes.indexOf('\r\n', offset);
    if (lineEnd === -1) break;
    const size = parseInt(bytes.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(bytes.subarray(lineEnd + 2, Math.min(bytes.length, lineEnd + 2 + size)));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
