/**
 * The Node limit: a minimal reverse proxy, `node:http` in front of an undici Pool, streaming request and response
 * bodies through with no parsing. Usage: `node bin/run-ts.js bench/lib/pass-through-process.ts UPSTREAM_ORIGIN`.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { Pool } from 'undici';
import { announce, closeOnSignal } from './bench-process-messages.js';

const upstream = process.argv[2];
if (!upstream) {
  console.error('usage: pass-through-process.ts UPSTREAM_ORIGIN');
  process.exit(2);
}
const pool = new Pool(upstream, { connections: 256, pipelining: 1, keepAliveTimeout: 30_000 });
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length', 'upgrade', 'te', 'trailer', 'proxy-connection']);

function forwardable(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

const server = createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
  pool
    .request({ method: request.method as 'POST', path: request.url ?? '/', headers: forwardable(request.headers), body: request })
    .then(async ({ statusCode, headers, body }) => {
      response.writeHead(statusCode, forwardable(headers));
      await pipeline(body, response);
    })
    .catch(() => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'application/json' });
      response.end();
    });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  announce('READY', { url: `http://127.0.0.1:${port}`, port });
});
closeOnSignal(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await pool.close();
});
