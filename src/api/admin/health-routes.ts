/**
 * Liveness and readiness, as load balancers and Kubernetes probes read them:
 * - `GET /healthz/live`: 200 while the process can answer at all. It asks no dependency, so a database outage
 *   never gets the process restarted (a restart would not bring the database back).
 * - `GET /healthz/ready`: 200 only while the gateway can serve inference: listening, not draining, and every
 *   dependency ready (the capacity store and the audit store); otherwise 503, so traffic goes elsewhere.
 * - `GET /healthz`: the readiness answer, plus the catalog's size (what it always returned); kept for probes
 *   written before the split.
 */
import type { GatewayContext } from '../../gateway/gateway-context.js';
import type { ApiRoute } from '../api-route.js';
import { sendJson } from './admin-routes.js';

const noStore = { 'cache-control': 'no-store' };

export const healthRoutes: readonly ApiRoute[] = [
  {
    method: 'GET',
    pattern: /^\/healthz\/live$/,
    surface: 'admin',
    handle: async (_gateway, exchange) => sendJson(exchange, 200, { status: 'live' }, noStore),
  },
  {
    method: 'GET',
    pattern: /^\/healthz\/ready$/,
    surface: 'admin',
    handle: async (gateway, exchange) => {
      const readiness = await gateway.health.readiness();
      sendJson(exchange, readiness.ready ? 200 : 503, readiness, readiness.ready ? noStore : { ...noStore, 'retry-after': '1' });
    },
  },
  {
    method: 'GET',
    pattern: /^\/healthz$/,
    surface: 'admin',
    handle: async (gateway, exchange) => {
      const readiness = await gateway.health.readiness();
      sendJson(exchange, readiness.ready ? 200 : 503, { ...readiness, ...catalogSize(gateway) }, noStore);
    },
  },
];

function catalogSize(gateway: GatewayContext): { regions: number; deployments: number } {
  return { regions: gateway.loaded.catalog.regions.size, deployments: gateway.loaded.catalog.deployments.length };
}
