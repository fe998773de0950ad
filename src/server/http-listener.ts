/**
 * One listening port for HTTP/1.1 and HTTP/2. Without TLS, the first bytes of a connection decide: the HTTP/2
 * connection preface (`PRI * HTTP/2.0`, prior knowledge, as the AWS SDK sends) goes to the HTTP/2 server, anything
 * else to the HTTP/1.1 server (protocol-sniffer.ts). With TLS, ALPN chooses h2 or http/1.1. Slow and idle
 * connections are bounded on both protocols by `server.connections` (docs/server-layer.md).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createSecureServer, createServer as createHttp2Server, type Http2Server, type Http2SecureServer } from 'node:http2';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { GeorouteError } from '../errors/error-catalog.js';
import type { HttpHandler, InboundRequest, OutboundResponse } from './http-exchange.js';
import { RawSocketResponse } from './raw-socket-response.js';
import { applyHttp2SessionLimits } from './http2-session-limits.js';
import { createProtocolSniffer } from './protocol-sniffer.js';
import { StopNotice } from '../inference/stop-signal.js';

/** `server.connections` of the configuration. */
export interface ConnectionLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  maxPending: number;
}

export const defaultConnectionLimits: ConnectionLimits = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, idleTimeoutMs: 65_000, maxPending: 256 };

export interface ListenerOptions {
  host: string;
  port: number;
  tls?: { certFile: string; keyFile: string };
  /** Default `defaultConnectionLimits`. */
  connections?: ConnectionLimits;
  /** Called for errors a handler let through; the response is already closed when possible. */
  onUnhandledError: (error: unknown) => void;
  /** Answers a request the HTTP/1.1 parser rejected (path from its request line, when readable). */
  answerMalformed: (path: string | undefined, response: OutboundResponse, requestId: string, error: GeorouteError) => void;
}

export interface RunningListener {
  url: string;
  port: number;
  /**
   * Stops accepting connections; requests in flight get up to `graceMs` to finish (streams included), then every
   * remaining connection is closed. `graceMs` 0 closes at once.
   */
  close(graceMs?: number): Promise<void>;
  /** Requests whose response is not complete yet. */
  inFlight(): number;
}

/** Requests whose response has not closed yet; `close()` waits for them to drain. */
interface InFlight {
  count: number;
  onIdle?: () => void;
}

function dispatchTo(handler: HttpHandler, onUnhandledError: (error: unknown) => void, inFlight: InFlight) {
  return (request: InboundRequest, response: OutboundResponse) => {
    inFlight.count++;
    response.once('close', () => {
      if (--inFlight.count === 0) inFlight.onIdle?.();
    });
    const rawPath = request.url ?? '/';
    const queryStart = rawPath.indexOf('?');
    const signal = new StopNotice();
    const onClose = () => {
      if (!response.writableFinished) signal.abort(new Error('client disconnected'));
    };
    response.once('close', onClose);
    const incoming = request.headers['x-request-id'];
    // The gateway names every request itself, so ids never collide; the client's own id is only carried along.
    const clientRequestId = typeof incoming === 'string' && /^[A-Za-z0-9._-]{1,128}$/.test(incoming) ? incoming : undefined;
    handler({
      request,
      response,
      rawPath,
      path: queryStart === -1 ? rawPath : rawPath.slice(0, queryStart),
      query: new URLSearchParams(queryStart === -1 ? '' : rawPath.slice(queryStart + 1)),
      signal,
      requestId: randomUUID(),
      clientRequestId,
      receivedAt: Date.now(),
    }).catch((error: unknown) => {
      onUnhandledError(error);
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end('{"error":{"message":"internal error","type":"server_error","code":"internal"}}');
      } else {
        response.destroy();
      }
    });
  };
}

/** The request line's path of a request the parser rejected, when its first bytes have one. */
function pathOfRawPacket(raw: Buffer | undefined): string | undefined {
  const line = raw?.subarray(0, 8192).toString('latin1').split('\r\n', 1)[0] ?? '';
  return /^\S+ (\/\S*) HTTP\/\d/.exec(line)?.[1]?.split('?')[0];
}

/**
 * A request Node's HTTP/1.1 parser cannot read never reaches a route; it still gets an error in the wire format
 * of the surface its path points at (through `answerMalformed`), instead of a bare status line.
 */
function answerUnparsableRequest(options: ListenerOptions, pathOfSocket: WeakMap<object, string>) {
  return (error: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex): void => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    // A request timeout can fire while a handler is already answering: its bytes must not be interleaved.
    if ((socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
      socket.destroy();
      return;
    }
    const failure =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? new GeorouteError('headers_too_large', 'The request headers are too large.')
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? new GeorouteError('request_timeout', 'The request did not arrive in time.')
          : new GeorouteError('invalid_request', 'The request is not valid HTTP/1.1.');
    const path = pathOfRawPacket(error.rawPacket) ?? pathOfSocket.get(socket);
    options.answerMalformed(path, new RawSocketResponse(socket), randomUUID(), failure);
  };
}

export async function startListener(handler: HttpHandler, options: ListenerOptions): Promise<RunningListener> {
  const limits = options.connections ?? defaultConnectionLimits;
  const inFlight: InFlight = { count: 0 };
  const onRequest = dispatchTo(handler, options.onUnhandledError, inFlight);
  const sockets = new Set<Socket>();
  // Node's headersTimeout/requestTimeout: from a request's first byte to its complete head / complete body.
  const http1Timeouts = {
    keepAliveTimeout: limits.idleTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
  };
  let server: NetServer | Http2SecureServer;
  let h2: Http2Server | Http2SecureServer;
  let stopTracking = (): void => undefined;
  if (options.tls) {
    const secure = createSecureServer(
      // The TLS handshake is part of a new connection's head.
      { allowHTTP1: true, cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile), handshakeTimeout: limits.headersTimeoutMs },
      onRequest,
    );
    Object.assign(secure, http1Timeouts);
    h2 = secure;
    server = secure;
  } else {
    // The path of the request in progress on each connection: a body that breaks the parser after the request
    // line was read is answered in the format of that path's surface.
    const pathOfSocket = new WeakMap<object, string>();
    const h1 = createHttpServer(http1Timeouts, (request, response) => {
      pathOfSocket.set(request.socket, (request.url ?? '/').split('?')[0]);
      onRequest(request, response);
    });
    h1.on('clientError', answerUnparsableRequest(options, pathOfSocket));
    // This server never listens: its sockets are handed to it. 'listening' is what starts Node's tracking of its
    // connections, without which headersTimeout and requestTimeout never fire; close() stops it again.
    h1.emit('listening');
    stopTracking = () => h1.close(() => undefined);
    const h2c = createHttp2Server({}, onRequest);
    h2 = h2c;
    const sniffer = createProtocolSniffer({
      timeoutMs: limits.headersTimeoutMs,
      maxPending: limits.maxPending,
      onDecided: (socket, protocol) => {
        if (protocol === 'h2') {
          // The HTTP/2 session notices the buffered bytes and reads them before the socket's handle.
          h2c.emit('connection', socket);
        } else {
          h1.emit('connection', socket);
          socket.resume();
        }
      },
    });
    server = createNetServer({ pauseOnConnect: true, noDelay: true, keepAlive: true }, (socket) => sniffer.sniff(socket));
  }
  applyHttp2SessionLimits(h2, limits);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  h2.on('sessionError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    inFlight: () => inFlight.count,
    close: async (graceMs = 0) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (graceMs > 0 && inFlight.count > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, graceMs);
          inFlight.onIdle = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      for (const socket of sockets) socket.destroy();
      stopTracking();
      await closed;
    },
  };
}
