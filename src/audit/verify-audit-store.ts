/**
 * Recomputes a store's hash chain from its first record and reports the first thing wrong:
 * - sequence-gap: a sequence number is missing or repeated (records deleted, or inserted with a new number);
 * - prev-hash-mismatch: a record does not link to the one before it (inserted, deleted or reordered);
 * - hash-mismatch: a record's content no longer hashes to its stored hash (modified);
 * - non-canonical-record: the stored JSON is not in canonical form (edited by hand);
 * - wrong-region: a record of another source region sits in this store;
 * - index-mismatch: a query column disagrees with the record (the record would be hidden from or added to queries);
 * - checkpoint-hash-mismatch: a signed checkpoint pins a different hash (history rewritten, even consistently);
 * - checkpoint-beyond-tip: a checkpoint names a sequence the store no longer has (tail cut off);
 * - checkpoint-signature-mismatch: a checkpoint was not signed with the key (forged or edited).
 * Checkpoints are read before the records, so a gateway writing meanwhile does not cause false alarms.
 */
import { canonicalJson } from './canonical-json.js';
import { chainHash, GENESIS_HASH } from './audit-chain-hash.js';
import { auditIndexColumnsOf, sameIndexColumns } from './audit-index-columns.js';
import { checkpointSignatureValid, type AuditCheckpoint } from './audit-checkpoint.js';
import { parseAuditRecordJson } from './link-audit-records.js';
import type { AuditChainRow, AuditStore } from './audit-store-contract.js';

export type VerifyProblem =
  | 'sequence-gap'
  | 'prev-hash-mismatch'
  | 'hash-mismatch'
  | 'non-canonical-record'
  | 'wrong-region'
  | 'index-mismatch'
  | 'checkpoint-hash-mismatch'
  | 'checkpoint-beyond-tip'
  | 'checkpoint-signature-mismatch';

export interface VerifyResult {
  ok: boolean;
  region: string;
  location: string;
  /** Records verified: all of them when ok, else those before the first bad one. */
  records: number;
  checkpoints: number;
  /** False when no key was given: checkpoint hashes were compared, signatures not. */
  signaturesChecked: boolean;
  firstBad?: { sequence: number; problem: VerifyProblem; detail: string };
}

export interface VerifyOptions {
  /** The checkpoint signing key; without it signatures are not checked. */
  key?: string;
  pageSize?: number;
}

export async function verifyAuditStore(store: AuditStore, options: VerifyOptions = {}): Promise<VerifyResult> {
  const checkpoints = await store.readCheckpoints();
  const pinned = new Map(checkpoints.map((c) => [c.sequence, c]));
  const base = { region: store.region, location: store.location, checkpoints: checkpoints.length, signaturesChecked: options.key !== undefined };
  const fail = (records: number, sequence: number, problem: VerifyProblem, detail: string): VerifyResult => ({
    ...base, ok: false, records, firstBad: { sequence, problem, detail },
  });

  let expectedSequence = 1;
  let prevHash = GENESIS_HASH;
  let records = 0;
  for (;;) {
    const rows = await store.readChain(expectedSequence - 1, options.pageSize ?? 1000);
    if (rows.length === 0) break;
    for (const row of rows) {
      const problem = checkRow(store.region, row, expectedSequence, prevHash, pinned.get(row.sequence));
      if (problem) return fail(records, expectedSequence, problem[0], problem[1]);
      prevHash = row.hash;
      expectedSequence += 1;
      records += 1;
    }
  }
  const tip = expectedSequence - 1;
  for (const checkpoint of checkpoints) {
    if (checkpoint.sequence > tip) {
      return fail(records, tip + 1, 'checkpoint-beyond-tip',
        `a checkpoint signed at ${checkpoint.time} pins sequence ${checkpoint.sequence}, but the store ends at ${tip}: records were removed`);
    }
    if (options.key !== undefined && !checkpointSignatureValid(options.key, checkpoint)) {
      return fail(records, checkpoint.sequence, 'checkpoint-signature-mismatch',
        `the checkpoint at sequence ${checkpoint.sequence} does not carry a valid signature for this key`);
    }
  }
  return { ...base, ok: true, records };
}

function checkRow(
  region: string,
  row: AuditChainRow,
  expectedSequence: number,
  prevHash: string,
  checkpoint: AuditCheckpoint | undefined,
): [VerifyProblem, string] | undefined {
  if (row.sequence !== expectedSequence) {
    return ['sequence-gap', `expected sequence ${expectedSequence}, found ${row.sequence}`];
  }
  if (row.prevHash !== prevHash) {
    return ['prev-hash-mismatch', `record ${row.sequence} links to ${short(row.prevHash)}, but record ${row.sequence - 1} hashes to ${short(prevHash)}`];
  }
  if (chainHash(row.prevHash, row.recordJson) !== row.hash) {
    return ['hash-mismatch', `record ${row.sequence} does not hash to its stored hash: its content was changed`];
  }
  let parsed: ReturnType<typeof parseAuditRecordJson>;
  try {
    parsed = parseAuditRecordJson(row.recordJson);
  } catch {
    return ['non-canonical-record', `record ${row.sequence} is not valid JSON`];
  }
  if (canonicalJson(parsed) !== row.recordJson) {
    return ['non-canonical-record', `record ${row.sequence} is not stored in canonical JSON`];
  }
  if (parsed.awsRegion !== region) {
    return ['wrong-region', `record ${row.sequence} belongs to source region ${parsed.awsRegion}, not ${region}`];
  }
  if (!sameIndexColumns(auditIndexColumnsOf(parsed), row.columns)) {
    return ['index-mismatch', `the query columns of record ${row.sequence} do not match its content`];
  }
  if (checkpoint && checkpoint.hash !== row.hash) {
    return ['checkpoint-hash-mismatch', `the checkpoint signed at ${checkpoint.time} pins ${short(checkpoint.hash)} for record ${row.sequence}, which now hashes to ${short(row.hash)}: history was rewritten`];
  }
  return undefined;
}

function short(hash: string): string {
  return `${hash.slice(0, 12)}...`;
}
