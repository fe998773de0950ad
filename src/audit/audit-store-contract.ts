/**
 * The one contract of an audit store: the append-only, hash-chained log of ONE source region (a SQLite file or
 * a PostgreSQL schema per region). A store refuses records of any other region. `append` commits the whole batch
 * in one transaction, linking it onto the chain tip it reads inside that transaction, so several writers (two
 * gateway replicas on one PostgreSQL) still build one chain.
 */
import type { AuditOutcome, AuditRecord } from './audit-record.js';
import type { AuditIndexColumns } from './audit-index-columns.js';
import type { AuditCheckpoint, ChainCheckpointer } from './audit-checkpoint.js';
import type { ChainTip } from './audit-chain-hash.js';
import type { DependencyHealth } from '../observability/dependency-health.js';

/** A row exactly as stored, for verification: the record JSON text is what was hashed. */
export interface AuditChainRow {
  sequence: number;
  recordJson: string;
  prevHash: string;
  hash: string;
  columns: AuditIndexColumns;
}

export interface AppendResult {
  /** One per appended record, in order. */
  links: ChainTip[];
  /** The checkpoint written in the same transaction, if one was due. */
  checkpoint?: AuditCheckpoint;
}

/** Filters a store evaluates on its indexed columns. Times are ISO-8601 UTC; `from` inclusive, `to` exclusive. */
export interface AuditStoreFilters {
  from?: string;
  to?: string;
  inferenceRegion?: string;
  profileId?: string;
  identity?: string;
  outcome?: AuditOutcome;
}

export interface AuditStore {
  readonly kind: 'sqlite' | 'postgres';
  readonly region: string;
  /** Where it lives, for messages: a file path or `schema@database`. */
  readonly location: string;
  append(records: readonly AuditRecord[], checkpointer?: ChainCheckpointer): Promise<AppendResult>;
  /** Signs the current tip when the checkpointer says one is due (`force`: whenever the tip moved). */
  checkpoint(checkpointer: ChainCheckpointer, force?: boolean): Promise<AuditCheckpoint | undefined>;
  tip(): Promise<ChainTip>;
  /** Rows with sequence > afterSequence, ascending, at most `limit`. */
  readChain(afterSequence: number, limit: number): Promise<AuditChainRow[]>;
  readCheckpoints(): Promise<AuditCheckpoint[]>;
  /** Matching rows with sequence > afterSequence, ascending by sequence, at most `limit`. */
  query(filters: AuditStoreFilters, afterSequence: number, limit: number): Promise<AuditChainRow[]>;
  /**
   * Readiness: can this store take records right now (reachable, its tables there)? Called by `/healthz/ready`
   * a few times a minute; it must not write, and a check slower than the readiness timeout counts as not ready.
   */
  checkHealth(): Promise<DependencyHealth>;
  close(): Promise<void>;
}

export class AuditRegionMismatchError extends Error {
  constructor(storeRegion: string, recordRegion: string) {
    super(`the audit store of ${storeRegion} refused a record of source region ${recordRegion}`);
    this.name = 'AuditRegionMismatchError';
  }
}

export function assertRecordsOfRegion(region: string, records: readonly AuditRecord[]): void {
  for (const record of records) {
    if (record.awsRegion !== region) throw new AuditRegionMismatchError(region, record.awsRegion);
  }
}
