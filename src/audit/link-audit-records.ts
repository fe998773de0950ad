/** Links a batch of records onto a chain tip (the rows a store inserts), and maps stored rows back. */
import type { AuditOutcome, AuditRecord } from './audit-record.js';
import { auditIndexColumnsOf } from './audit-index-columns.js';
import { canonicalJson } from './canonical-json.js';
import { chainHash, type ChainTip } from './audit-chain-hash.js';
import type { AuditChainRow } from './audit-store-contract.js';

export function linkAuditRecords(tip: ChainTip, records: readonly AuditRecord[]): AuditChainRow[] {
  let { sequence, hash: prevHash } = tip;
  return records.map((record) => {
    const recordJson = canonicalJson(record);
    const hash = chainHash(prevHash, recordJson);
    sequence += 1;
    const row = { sequence, recordJson, prevHash, hash, columns: auditIndexColumnsOf(record) };
    prevHash = hash;
    return row;
  });
}

/** The records of some stored rows, parsed (rows come from a store the caller trusts to be its own). */
export function parseAuditRecordJson(recordJson: string): AuditRecord {
  return JSON.parse(recordJson) as AuditRecord;
}

/** A row of audit_records as the SQL drivers return it (PostgreSQL returns BIGINT as a string). */
export interface AuditRecordSqlRow {
  sequence: number | string;
  event_time: string;
  inference_region: string | null;
  profile_id: string | null;
  identity: string;
  outcome: AuditOutcome;
  record_json: string;
  prev_hash: string;
  hash: string;
}

export function chainRowFromSql(row: AuditRecordSqlRow): AuditChainRow {
  return {
    sequence: Number(row.sequence),
    recordJson: row.record_json,
    prevHash: row.prev_hash,
    hash: row.hash,
    columns: {
      eventTime: row.event_time,
      inferenceRegion: row.inference_region,
      profileId: row.profile_id,
      identity: row.identity,
      outcome: row.outcome,
    },
  };
}
