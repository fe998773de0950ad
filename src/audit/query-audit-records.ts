/**
 * Reading records back: one page at a time (`queryAuditRecords`, for the CLI and an admin endpoint) or all that
 * match (`iterateAuditRecords`, for export, reports and spend). Stores are read in region order; within a store
 * in sequence order. A cursor is `<region>:<sequence>` of the last record returned.
 */
import type { StoredAuditRecord } from './audit-record.js';
import type { AuditStore, AuditStoreFilters, AuditChainRow } from './audit-store-contract.js';
import { parseAuditRecordJson } from './link-audit-records.js';

export interface AuditFilters extends AuditStoreFilters {
  /** Only this source region's store. */
  region?: string;
}

export interface AuditPage {
  limit: number;
  cursor?: string;
}

export interface AuditQueryResult {
  records: StoredAuditRecord[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

export async function queryAuditRecords(
  stores: readonly AuditStore[],
  filters: AuditFilters,
  page: AuditPage,
): Promise<AuditQueryResult> {
  if (!Number.isSafeInteger(page.limit) || page.limit < 1) throw new RangeError('limit must be a positive integer');
  const storeFilters = normalizeAuditFilters(filters);
  const start = page.cursor === undefined ? undefined : parseCursor(page.cursor);
  const records: StoredAuditRecord[] = [];
  for (const store of selectStores(stores, filters.region)) {
    if (start && store.region < start.region) continue;
    const after = start && store.region === start.region ? start.sequence : 0;
    const rows = await store.query(storeFilters, after, page.limit - records.length + 1);
    records.push(...rows.map((row) => toStoredRecord(store.region, row)));
    if (records.length > page.limit) break;
  }
  if (records.length <= page.limit) return { records };
  records.length = page.limit;
  const last = records[records.length - 1];
  return { records, nextCursor: `${last.region}:${last.sequence}` };
}

export async function* iterateAuditRecords(
  stores: readonly AuditStore[],
  filters: AuditFilters,
  pageSize = 1000,
): AsyncGenerator<StoredAuditRecord> {
  const storeFilters = normalizeAuditFilters(filters);
  for (const store of selectStores(stores, filters.region)) {
    let after = 0;
    for (;;) {
      const rows = await store.query(storeFilters, after, pageSize);
      for (const row of rows) yield toStoredRecord(store.region, row);
      if (rows.length < pageSize) break;
      after = rows[rows.length - 1].sequence;
    }
  }
}

/** Times to ISO-8601 UTC with milliseconds (as records store them); throws for a time that does not parse. */
export function normalizeAuditFilters(filters: AuditFilters): AuditStoreFilters {
  const { region: _region, ...rest } = filters;
  return { ...rest, from: normalizeTime(filters.from, 'from'), to: normalizeTime(filters.to, 'to') };
}

function normalizeTime(time: string | undefined, name: string): string | undefined {
  if (time === undefined) return undefined;
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) throw new RangeError(`${name}: "${time}" is not an ISO-8601 time such as 2025-01-31T00:00:00Z`);
  return new Date(ms).toISOString();
}

function selectStores(stores: readonly AuditStore[], region: string | undefined): AuditStore[] {
  const selected = stores.filter((s) => region === undefined || s.region === region);
  return selected.sort((a, b) => (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
}

function parseCursor(cursor: string): { region: string; sequence: number } {
  const match = /^([a-z0-9][a-z0-9-]*):(\d+)$/.exec(cursor);
  if (!match) throw new RangeError(`"${cursor}" is not a cursor of this query (expected REGION:SEQUENCE)`);
  return { region: match[1], sequence: Number(match[2]) };
}

function toStoredRecord(region: string, row: AuditChainRow): StoredAuditRecord {
  return { region, sequence: row.sequence, prevHash: row.prevHash, hash: row.hash, record: parseAuditRecordJson(row.recordJson) };
}
