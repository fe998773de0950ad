/**
 * Timeouts of HTTP/2 sessions, which Node does not apply by itself (`server.timeout` counts any socket silence,
 * so it would also cut a request waiting for a slow model's first byte):
 * - a new session must open its first stream within `headersTimeoutMs`;
 * - a session without streams is closed (GOAWAY) after `idleTimeoutMs`;
 * - a stream whose client has not finished sending its request within `requestTimeoutMs` of opening it is reset.
 * A stream's response may take as long as it takes: only the client's side is bounded.
 */
import { constants, type Http2Server, type Http2SecureServer, type ServerHttp2Session, type ServerHttp2Stream } from 'node:http2';

export interface Http2SessionLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
}

export function applyHttp2SessionLimits(server: Http2Server | Http2SecureServer, limits: Http2SessionLimits): void {
  server.on('session', (session: ServerHttp2Session) => boundSession(session, limits));
}

function boundSession(session: ServerHttp2Session, limits: Http2SessionLimits): void {
  let open = 0;
  let idle: NodeJS.Timeout | undefined;
  const closeIdle = (): void => {
    if (session.closed || session.destroyed) return;
    session.close();
    // A peer that never acknowledges the GOAWAY does not keep the socket.
    setTimeout(() => session.destroy(), 1_000).unref();
  };
  const armIdle = (ms: number): void => {
    clearTimeout(idle);
    idle = setTimeout(closeIdle, ms);
    idle.unref();
  };
  armIdle(limits.headersTimeoutMs);
  session.on('stream', (stream: ServerHttp2Stream) => {
    open += 1;
    clearTimeout(idle);
    const body = stream.endAfterHeaders ? undefined : setTimeout(() => resetIfStillSending(stream), limits.requestTimeoutMs);
    body?.unref();
    stream.once('close', () => {
      clearTimeout(body);
      open -= 1;
      if (open === 0) armIdle(limits.idleTimeoutMs);
    });
  });
  session.once('close', () => clearTimeout(idle));
}

function resetIfStillSending(stream: ServerHttp2Stream): void {
  if (stream.destroyed || stream.closed || stream.state.remoteClose) return;
  stream.close(constants.NGHTTP2_CANCEL);
}
