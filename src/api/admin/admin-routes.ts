/** Operational endpoints: Prometheus metrics and routing explain (health endpoints: health-routes.ts). */
import { GeorouteError } from '../../errors/error-catalog.js';
import type { GatewayContext } from '../../gateway/gateway-context.js';
import type { HttpExchange } from '../../server/http-exchange.js';
import { explainRoute } from '../../gateway/explain-route.js';
import { processMetricsRegistry } from '../../observability/metrics/process-metrics.js';
import type { ApiRoute } from '../api-route.js';
import { authenticateExchange } from '../authenticate-exchange.js';

export function sendJson(exchange: HttpExchange, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  exchange.response.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'x-request-id': exchange.requestId });
  exchange.response.end(body);
}

export function requireAdmin(gateway: GatewayContext, exchange: HttpExchange): void {
  const { identity } = authenticateExchange(gateway, exchange, new Uint8Array());
  if (!identity.admin) throw new GeorouteError('access_denied', 'This endpoint needs an identity with admin: true.');
}

export const adminRoutes: readonly ApiRoute[] = [
  {
    method: 'GET',
    pattern: /^\/metrics$/,
    surface: 'admin',
    handle: async (gateway, exchange) => {
      // The gateway's own series, then the process's (shared by every gateway in this process).
      const text = `${await gateway.metrics.metrics()}\n${await processMetricsRegistry().metrics()}`;
      exchange.response.writeHead(200, { 'content-type': gateway.metrics.contentType });
      exchange.response.end(text);
    },
  },
  {
    method: 'GET',
    pattern: /^\/admin\/explain$/,
    surface: 'admin',
    handle: async (gateway, exchange) => {
      requireAdmin(gateway, exchange);
      const profileId = exchange.query.get('profile');
      if (!profileId) throw new GeorouteError('invalid_request', 'Query parameter "profile" is required.', { param: 'profile' });
      const source = exchange.query.get('source') ?? gateway.loaded.config.server.defaultSourceRegion;
      sendJson(exchange, 200, await explainRoute(gateway.loaded.catalog, gateway.profiles, gateway.router, profileId, source));
    },
  },
];
