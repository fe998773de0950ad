/**
 * Spend: cost and tokens summed over audit records, grouped by source region, profile, model, identity or an
 * application-profile tag (`tag:<key>`), and always by currency (amounts of different currencies are never added).
 * Sums are exact (bigint atto-units, from each record's exact `cost.picos`); rounding happens once, at the end.
 * Records without a cost (the profile could not be resolved) are not spend and are left out.
 */
import type { AuditRecord } from '../audit/audit-record.js';
import { formatAttosAsAmount, formatAttosAsPicos, parsePicosToAttos, roundAttosToMicros } from './exact-money.js';

export type SpendDimension =
  | { kind: 'region' | 'profile' | 'model' | 'identity' }
  | { kind: 'tag'; key: string };

export const UNTAGGED = '(untagged)';

export function parseSpendDimension(text: string): SpendDimension {
  if (text === 'region' || text === 'profile' || text === 'model' || text === 'identity') return { kind: text };
  if (text.startsWith('tag:') && text.length > 4) return { kind: 'tag', key: text.slice(4) };
  throw new RangeError(`--by "${text}": use region, profile, model, identity or tag:<key>`);
}

export function formatSpendDimension(by: SpendDimension): string {
  return by.kind === 'tag' ? `tag:${by.key}` : by.kind;
}

export interface SpendRow {
  key: string;
  currency: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
  /** Whole micro-units, rounded half-up from the exact sum (decimal string: sums can pass 2^53). */
  micros: string;
  /** Exact sum in pico-units. */
  picos: string;
  /** Currency units with six decimals. */
  amount: string;
}

interface Accumulator {
  key: string;
  currency: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
  attos: bigint;
}

export interface SpendAggregator {
  add(record: AuditRecord): void;
  /** One row per key and currency, sorted by key then currency. */
  rows(): SpendRow[];
  /** One row per currency (key `total`). */
  totals(): SpendRow[];
}

export function createSpendAggregator(by: SpendDimension): SpendAggregator {
  const groups = new Map<string, Accumulator>();
  const totals = new Map<string, Accumulator>();
  const bump = (map: Map<string, Accumulator>, key: string, record: AuditRecord, currency: string, attos: bigint) => {
    const mapKey = `${key}\u0000${currency}`;
    let acc = map.get(mapKey);
    if (!acc) map.set(mapKey, (acc = { key, currency, requests: 0, inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheWriteInputTokens: 0, attos: 0n }));
    acc.requests += 1;
    acc.inputTokens += record.additionalEventData.inputTokens;
    acc.outputTokens += record.additionalEventData.outputTokens;
    acc.cacheReadInputTokens += record.additionalEventData.cacheReadInputTokens ?? 0;
    acc.cacheWriteInputTokens += record.additionalEventData.cacheWriteInputTokens ?? 0;
    acc.attos += attos;
  };
  return {
    add(record) {
      const cost = record.additionalEventData.cost;
      if (!cost) return;
      const attos = parsePicosToAttos(cost.picos);
      bump(groups, keyOf(record, by), record, cost.currency, attos);
      bump(totals, 'total', record, cost.currency, attos);
    },
    rows: () => sortedRows(groups),
    totals: () => sortedRows(totals),
  };
}

function keyOf(record: AuditRecord, by: SpendDimension): string {
  const data = record.additionalEventData;
  switch (by.kind) {
    case 'region':
      return record.awsRegion;
    case 'profile':
      return data.profileId ?? '(unresolved)';
    case 'model':
      return data.resolvedModelId ?? '(unresolved)';
    case 'identity':
      return record.userIdentity.principalId;
    case 'tag':
      return data.tags[by.key] ?? UNTAGGED;
  }
}

function sortedRows(map: Map<string, Accumulator>): SpendRow[] {
  return [...map.values()]
    .sort((a, b) => compare(a.key, b.key) || compare(a.currency, b.currency))
    .map(({ attos, ...rest }) => ({
      ...rest,
      micros: roundAttosToMicros(attos).toString(),
      picos: formatAttosAsPicos(attos),
      amount: formatAttosAsAmount(attos),
    }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
