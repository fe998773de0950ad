/** Links a batch of records onto a chain tip: the rows a store inserts, in order. */
import type { AuditRecord } from './audit-record.js';
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
