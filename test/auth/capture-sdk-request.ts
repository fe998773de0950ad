/**
 * Test support: a loopback server (HTTP/1.1 or h2c) that records the first request a real AWS SDK client sends,
 * as the authenticate stage receives it, and answers AccessDeniedException so the client stops.
 */
import http from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { InboundRequestCredentials } from '../../src/auth/inbound-request-credentials.js';

export interface CaptureServer {
  endpoint: string;
  /** Requests received so far, in order. */
  requests: InboundRequestCredentials[];
  close(): Promise<void>;
}

type AnyRequest = http.IncomingMessage | http2.Http2ServerRequest;
type AnyResponse = http.ServerResponse | http2.Http2ServerResponse;

export async function startCaptureServer(protocol: 'http1' | 'h2c'): Promise<CaptureServer> {
  const requests: InboundRequestCredentials[] = [];
  const onRequest = (req: AnyRequest, res: AnyResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', rawPath: req.url ?? '', headers: { ...req.headers }, body: new Uint8Array(Buffer.concat(chunks)) });
      const body = JSON.stringify({ message: 'captured' });
      res.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException' });
      res.end(body);
    });
  };
  const server: http.Server | http2.Http2Server =
    protocol === 'h2c' ? http2.createServer((req, res) => onRequest(req, res)) : http.createServer((req, res) => onRequest(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        if (server instanceof http.Server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
