/**
 * The live operations dashboard: `GET /admin/state` (JSON, admin identity) and the static page that polls it,
 * `GET /dashboard` and its script modules `GET /dashboard/*.js`. The page and script carry no data, so they are
 * served to anyone; every number on the page comes from `/admin/state`, which checks the caller.
 */
import { readFileSync } from 'node:fs';
import { GeorouteError } from '../../errors/error-catalog.js';
import { buildGatewayState } from '../../observability/gateway-state.js';
import type { HttpExchange } from '../../server/http-exchange.js';
import type { ApiRoute } from '../api-route.js';
import type { ApiSurfaceDefinition } from '../create-api-handler.js';
import { requireAdmin, sendJson } from './admin-routes.js';

const DASHBOARD_DIR = new URL('../../dashboard/', import.meta.url);

/** Same-origin only: no external network, the script from this origin, inline CSS. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

interface DashboardAsset {
  body: Buffer;
  contentType: string;
}

function loadAsset(name: string, contentType: string): DashboardAsset {
  return { body: readFileSync(new URL(name, DASHBOARD_DIR)), contentType };
}

/** Read once, when this module loads (at gateway start-up). */
const PAGE = loadAsset('dashboard-page.html', 'text/html; charset=utf-8');
/** The page's script modules (the map's land outline is generated: scripts/generate-world-map.js). */
const SCRIPTS: ReadonlyMap<string, DashboardAsset> = new Map(
  ['dashboard.js', 'dashboard-dom.js', 'dashboard-map.js', 'dashboard-charts.js', 'dashboard-tables.js', 'world-land.js']
    .map((name) => [name, loadAsset(name, 'text/javascript; charset=utf-8')]),
);

function sendAsset(exchange: HttpExchange, asset: DashboardAsset): void {
  exchange.response.writeHead(200, {
    'content-type': asset.contentType,
    'content-length': String(asset.body.length),
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
    'x-request-id': exchange.requestId,
  });
  exchange.response.end(asset.body);
}

export const dashboardRoutes: readonly ApiRoute[] = [
  {
    method: 'GET',
    pattern: /^\/admin\/state$/,
    surface: 'admin',
    handle: async (gateway, exchange) => {
      requireAdmin(gateway, exchange);
      const now = Date.now();
      // With a shared state, every replica's traffic (each one's share in `replicas`); else this replica's.
      const merged = await gateway.replicaTraffic?.read(now);
      const traffic = merged ? { snapshot: () => merged.traffic } : gateway.traffic;
      const timeline = merged ? { snapshot: () => merged.timeline } : gateway.timeline;
      const state = await buildGatewayState(gateway.loaded.catalog, gateway.capacity, traffic, timeline, now);
      sendJson(exchange, 200, { ...state, replicas: merged?.replicas ?? [] }, { 'cache-control': 'no-store' });
    },
  },
  {
    method: 'GET',
    pattern: /^\/dashboard\/?$/,
    surface: 'admin',
    handle: async (_gateway, exchange) => sendAsset(exchange, PAGE),
  },
  {
    method: 'GET',
    pattern: /^\/dashboard\/[a-z-]+\.js$/,
    surface: 'admin',
    handle: async (_gateway, exchange) => {
      const script = SCRIPTS.get(exchange.path.slice('/dashboard/'.length));
      if (!script) throw new GeorouteError('route_not_found', `No dashboard asset ${exchange.path}.`);
      sendAsset(exchange, script);
    },
  },
];

export const dashboardSurface: ApiSurfaceDefinition = { routes: dashboardRoutes, errorResponders: {} };
