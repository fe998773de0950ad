/**
 * The messages between a SQLite audit store and its writer worker (sqlite-writer-worker.js, plain JavaScript so
 * the worker thread needs no TypeScript loader): this module types both sides of that boundary.
 */
import type { ChainTip } from './audit-chain-hash.js';
import type { SqliteSynchronous } from './sqlite-audit-store.js';

/** sequence, event_time, inference_region, profile_id, identity, outcome, record_json, prev_hash, hash. */
export type SqliteRecordRow = [number, string, string | null, string | null, string, string, string, string, string];
/** sequence, hash, time, signature. */
export type SqliteCheckpointRow = [number, string, string, string];

export interface SqliteWriterWorkerData {
  path: string;
  synchronous: SqliteSynchronous;
  selectTipSql: string;
  insertRecordSql: string;
  insertCheckpointSql: string;
  emptyTip: ChainTip;
}

/** One transaction: refused unless the stored tip is still `expectedTip` (the tip the rows were linked onto). */
export interface SqliteWriteRequest {
  type: 'write';
  id: number;
  expectedTip: ChainTip;
  rows: SqliteRecordRow[];
  checkpoint?: SqliteCheckpointRow;
}

export interface SqliteCloseRequest {
  type: 'close';
}

export type SqliteWriterRequest = SqliteWriteRequest | SqliteCloseRequest;

/** Sent once the transaction committed (`ok`) or rolled back (`error`). */
export type SqliteWriterReply = { id: number; ok: true } | { id: number; ok: false; error: string };
