/**
 * Recomputes a store's hash chain from its first record and reports the first thing wrong:
 * - sequence-gap: a sequence number is missing or repeated (records deleted, or inserted with a new number);
 * - prev-hash-mismatch: a record does not link to the one before it (inserted, deleted or reordered);
 * - hash-mismatch: a record's content no longer hashes to its stored hash (modified);
 * - non-canonical-record: the stored JSON is not in canonical form (edited by hand);
 * - wrong-region: a record of another source region sits in this store;
 * - index-mismatch: a query column disagrees with the record (the record would be hidden from or added to queries);
 * then the checkpoints and the digests kept outside the store (verify-checkpoint-chain.ts lists those problems).
 * Checkpoints (and digests, by the caller) are read before the records, so a gateway writing meanwhile does not
 * cause false alarms.
 */
import { canonicalJson } from './canonical-json.js';
import { chainHash, GENESIS_HASH } from './audit-chain-hash.js';
import { auditIndexColumnsOf, sameIndexColumns } from './audit-index-columns.js';
import type { AuditCheckpoint } from './audit-checkpoint.js';
import { checkCheckpoints, type CheckpointProblem, type CheckpointSchedule } from './verify-checkpoint-chain.js';
import { parseAuditRecordJson } from './link-audit-records.js';
import type { AuditChainRow, AuditStore } from './audit-store-contract.js';

export type VerifyProblem =
  | 'sequence-gap'
  | 'prev-hash-mismatch'
  | 'hash-mismatch'
  | 'non-canonical-record'
  | 'wrong-region'
  | 'index-mismatch'
  | 'store-missing'
  | CheckpointProblem;

export interface VerifyResult {
  ok: boolean;
  region: string;
  location: string;
  /** Records verified: all of them when ok, else those before the first bad one. */
  records: number;
  checkpoints: number;
  /** Digests compared (0 when no digest sink was given). */
  digests: number;
  /** False when no key was given: checkpoint hashes were compared, signatures not. */
  signaturesChecked: boolean;
  firstBad?: { sequence: number; problem: VerifyProblem; detail: string };
}

export interface VerifyOptions {
  /** The checkpoint signing key; without it signatures are not checked. */
  key?: string;
  /** The region's digests from the digest sink; without them only the store itself is checked. */
  digests?: readonly AuditCheckpoint[];
  /** The configured checkpoint schedule; without it the spacing of checkpoints is not checked. */
  schedule?: CheckpointSchedule;
  pageSize?: number;
}

export async function verifyAuditStore(store: AuditStore, options: VerifyOptions = {}): Promise<VerifyResult> {
  const checkpoints = await store.readCheckpoints();
  const digests = options.digests;
  const pinnedSequences = new Set([...checkpoints, ...(digests ?? [])].map((c) => c.sequence));
  const base = {
    region: store.region, location: store.location, checkpoints: checkpoints.length, digests: digests?.length ?? 0, signaturesChecked: options.key !== undefined,
  };
  const fail = (records: number, sequence: number, problem: VerifyProblem, detail: string): VerifyResult => ({
    ...base, ok: false, records, firstBad: { sequence, problem, detail },
  });

  let expectedSequence = 1;
  let prevHash = GENESIS_HASH;
  let records = 0;
  const hashAt = new Map<number, string>();
  for (;;) {
    const rows = await store.readChain(expectedSequence - 1, options.pageSize ?? 1000);
    if (rows.length === 0) break;
    for (const row of rows) {
      const problem = checkRow(store.region, row, expectedSequence, prevHash);
      if (problem) return fail(records, expectedSequence, problem[0], problem[1]);
      if (pinnedSequences.has(row.sequence)) hashAt.set(row.sequence, row.hash);
      prevHash = row.hash;
      expectedSequence += 1;
      records += 1;
    }
  }
  const finding = checkCheckpoints({ checkpoints, digests, hashAt, tip: expectedSequence - 1, key: options.key, schedule: options.schedule });
  if (finding) return fail(Math.min(records, finding.sequence - 1), finding.sequence, finding.problem, finding.detail);
  return { ...base, ok: true, records };
}

function checkRow(
  region: string,
  row: AuditChainRow,
  expectedSequence: number,
  prevHash: string,
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
  return undefined;
}

function short(hash: string): string {
  return `${hash.slice(0, 12)}...`;
}
