/**
 * The Node limit, as issue 14 defines it: the leanest reverse proxy Node offers, `node:http` in front of
 * `http.request` with a keep-alive `http.Agent`, piping request and response bodies both ways with no parsing.
 * The undici pass-through (pass-through-process.ts) is kept beside it as a second reference.
 * Usage: `node bin/run-ts.js bench/lib/plain-proxy-process.ts UPSTREAM_ORIGIN`.
 */
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { announce, closeOnSignal } from './bench-process-messages.js';

const upstream = process.argv[2];
if (!upstream) {
  console.error('usage: plain-proxy-process.ts UPSTREAM_ORIGIN');
  process.exit(2);
}
const target = new URL(upstream);
// No socket limit below the load: bench:profile runs up to 1,000 connections (paced streams), and a queue in the
// agent would measure the limit, not the proxy.
const agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024, keepAliveMsecs: 30_000 });
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'upgrade', 'te', 'trailer', 'proxy-connection']);

function forwardable(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

const server = createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
  const outbound = httpRequest(
    { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: forwardable(request.headers), agent },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
      answer.pipe(response);
    },
  );
  outbound.on('error', () => {
    if (!response.headersSent) response.writeHead(502, { 'content-type': 'application/json' });
    response.end();
  });
  request.pipe(outbound);
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  announce('READY', { url: `http://127.0.0.1:${port}`, port });
});
closeOnSignal(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  agent.destroy();
});
