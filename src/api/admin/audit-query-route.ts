/**
 * GET /admin/audit: the audit records of the configured stores, with the filters of `georoute audit query`
 * (`region`, `from`, `to`, `inference-region`, `profile`, `identity`, `outcome`) and cursor pagination
 * (`limit` 1-1000, default 100; `cursor` from the previous page's `nextCursor`). Admin identity required.
 */
import { openAuditStoresForRead } from '../../audit/open-audit-stores.js';
import { parseAuditFilters } from '../../audit/parse-audit-filters.js';
import { queryAuditRecords } from '../../audit/query-audit-records.js';
import { GeorouteError } from '../../errors/error-catalog.js';
import type { ApiRoute } from '../api-route.js';
import { requireAdmin, sendJson } from './admin-routes.js';

const FILTER_NAMES = ['region', 'from', 'to', 'inference-region', 'profile', 'identity', 'outcome'] as const;
const ALLOWED = new Set<string>([...FILTER_NAMES, 'limit', 'cursor']);

function parseLimit(text: string | null): number {
  if (text === null) return 100;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new GeorouteError('invalid_request', `limit "${text}" must be a whole number from 1 to 1000.`, { param: 'limit' });
  }
  return limit;
}

export const auditQueryRoute: ApiRoute = {
  method: 'GET',
  pattern: /^\/admin\/audit$/,
  surface: 'admin',
  async handle(gateway, exchange) {
    requireAdmin(gateway, exchange);
    for (const name of exchange.query.keys()) {
      if (!ALLOWED.has(name)) throw new GeorouteError('invalid_request', `Unknown query parameter "${name}"; use ${[...ALLOWED].join(', ')}.`, { param: name });
    }
    const values = Object.fromEntries(FILTER_NAMES.map((name) => [name, exchange.query.get(name) ?? undefined]));
    let filters;
    try {
      filters = parseAuditFilters(values);
    } catch (error) {
      throw new GeorouteError('invalid_request', (error as Error).message);
    }
    if (filters.region !== undefined && !gateway.loaded.catalog.regions.has(filters.region)) {
      throw new GeorouteError('unknown_source_region', `Unknown source region "${filters.region}".`, { param: 'region' });
    }
    const limit = parseLimit(exchange.query.get('limit'));
    const { config, dataDir } = gateway.loaded;
    let opened;
    try {
      opened = await openAuditStoresForRead({ config: config.audit, dataDir, env: process.env, region: filters.region });
    } catch {
      // A region that has no store yet has no records.
      sendJson(exchange, 200, { records: [] });
      return;
    }
    try {
      const page = await queryAuditRecords(opened.stores, filters, { limit, cursor: exchange.query.get('cursor') ?? undefined });
      sendJson(exchange, 200, page);
    } catch (error) {
      if (error instanceof RangeError) throw new GeorouteError('invalid_request', error.message, { param: 'cursor' });
      throw error;
    } finally {
      await opened.close();
    }
  },
};
