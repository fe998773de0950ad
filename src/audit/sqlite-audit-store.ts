/**
 * The SQLite audit store: one database file per source region, `<dataDir>/audit/<region>.sqlite`, in WAL mode.
 * With `synchronous=FULL` (the default) a committed transaction has been fsynced to the WAL, so a record that
 * `append` resolved for survives a crash of the process and of the machine. better-sqlite3 is synchronous: with
 * `writer: 'inline'` (the default, for the CLI and tests) a commit holds the event loop for one fsync; with
 * `writer: 'worker'` (the gateway) the commit runs on a worker thread of the store's own (sqlite-worker-writer.ts)
 * and the event loop keeps serving meanwhile. Either way, group commit (audit-group-committer.ts) spreads one fsync
 * over a batch, and reads run on this thread's connection.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AuditRecord } from './audit-record.js';
import type { AuditCheckpoint, ChainCheckpointer } from './audit-checkpoint.js';
import { EMPTY_CHAIN_TIP, type ChainTip } from './audit-chain-hash.js';
import { chainRowFromSql, linkAuditRecords, type AuditRecordSqlRow } from './link-audit-records.js';
import { insertCheckpointSql, insertRecordSql, selectTipSql, sqliteAuditSchemaSql } from './sqlite-audit-sql.js';
import { createSqliteWorkerWriter, type SqliteAuditWriter } from './sqlite-worker-writer.js';
import {
  assertRecordsOfRegion,
  type AppendResult,
  type AuditStore,
  type AuditStoreFilters,
} from './audit-store-contract.js';

export type SqliteSynchronous = 'FULL' | 'NORMAL';

export interface SqliteAuditStoreOptions {
  path: string;
  region: string;
  /** Default FULL: durable across power loss. NORMAL in WAL mode survives a process crash only. */
  synchronous?: SqliteSynchronous;
  /** Open an existing store for reading (CLI); never creates or migrates. */
  readonly?: boolean;
  /** Where commits run: on the event loop (default) or on a worker thread that keeps the fsync off it. */
  writer?: SqliteWriterKind;
}

export type SqliteWriterKind = 'inline' | 'worker';

export function sqliteAuditStorePath(dataDir: string, region: string): string {
  return join(dataDir, 'audit', `${region}.sqlite`);
}

interface CheckpointRow {
  sequence: number;
  hash: string;
  time: string;
  signature: string;
}

const filterColumns: Record<keyof AuditStoreFilters, string> = {
  from: 'event_time >= ?',
  to: 'event_time < ?',
  inferenceRegion: 'inference_region = ?',
  profileId: 'profile_id = ?',
  identity: 'identity = ?',
  outcome: 'outcome = ?',
};

export function openSqliteAuditStore(options: SqliteAuditStoreOptions): AuditStore {
  const { path, region } = options;
  if (!options.readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, options.readonly ? { readonly: true, fileMustExist: true } : {});
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    db.exec(sqliteAuditSchemaSql);
    db.prepare('INSERT OR IGNORE INTO audit_meta (key, value) VALUES (?, ?)').run('region', region);
  }
  const storedRegion = db.prepare<[], { value: string }>("SELECT value FROM audit_meta WHERE key = 'region'").get();
  if (storedRegion?.value !== region) {
    db.close();
    throw new Error(`${path} holds the audit trail of ${storedRegion?.value ?? 'no region'}, not ${region}`);
  }

  const selectTip = db.prepare<[], ChainTip>(selectTipSql);
  const selectLastCheckpoint = db.prepare<[], CheckpointRow>(
    'SELECT sequence, hash, time, signature FROM audit_checkpoints ORDER BY sequence DESC LIMIT 1',
  );
  const selectCheckpoints = db.prepare<[], CheckpointRow>('SELECT sequence, hash, time, signature FROM audit_checkpoints ORDER BY sequence');
  const selectChain = db.prepare<[number, number], AuditRecordSqlRow>('SELECT * FROM audit_records WHERE sequence > ? ORDER BY sequence LIMIT ?');
  const queryStatements = new Map<string, Database.Statement<unknown[], AuditRecordSqlRow>>();

  const currentTip = (): ChainTip => selectTip.get() ?? EMPTY_CHAIN_TIP;
  const lastCheckpoint = (): AuditCheckpoint | undefined => {
    const row = selectLastCheckpoint.get();
    return row ? { region, ...row } : undefined;
  };
  const writer: SqliteAuditWriter | undefined = options.readonly
    ? undefined
    : options.writer === 'worker'
      ? createSqliteWorkerWriter({ path, region, synchronous: options.synchronous ?? 'FULL', currentTip, lastCheckpoint })
      : createInlineWriter(db, region, currentTip, lastCheckpoint);

  return {
    kind: 'sqlite',
    region,
    location: path,
    async append(records, checkpointer) {
      assertRecordsOfRegion(region, records);
      if (records.length === 0) return { links: [] };
      return writable(writer).append(records, checkpointer);
    },
    async checkpoint(checkpointer, force = false) {
      return writable(writer).checkpoint(checkpointer, force);
    },
    async tip() {
      return currentTip();
    },
    async readChain(afterSequence, limit) {
      return selectChain.all(afterSequence, limit).map(chainRowFromSql);
    },
    async readCheckpoints() {
      return selectCheckpoints.all().map((row) => ({ region, ...row }));
    },
    async query(filters, afterSequence, limit) {
      const keys = (Object.keys(filterColumns) as (keyof AuditStoreFilters)[]).filter((k) => filters[k] !== undefined);
      const sql = ['SELECT * FROM audit_records WHERE sequence > ?', ...keys.map((k) => filterColumns[k])].join(' AND ') +
        ' ORDER BY sequence LIMIT ?';
      let statement = queryStatements.get(sql);
      if (!statement) {
        statement = db.prepare<unknown[], AuditRecordSqlRow>(sql);
        queryStatements.set(sql, statement);
      }
      return statement.all(afterSequence, ...keys.map((k) => filters[k]), limit).map(chainRowFromSql);
    },
    async close() {
      try {
        await writer?.close();
      } finally {
        if (db.open) db.close();
      }
    },
  };
}

function writable<T>(statement: T | undefined): T {
  if (!statement) throw new Error('this audit store was opened read-only');
  return statement;
}

/** Commits on the calling thread: the transaction reads the tip, links the records onto it and inserts them. */
function createInlineWriter(
  db: Database.Database,
  region: string,
  currentTip: () => ChainTip,
  lastCheckpoint: () => AuditCheckpoint | undefined,
): SqliteAuditWriter {
  const insertRecord = db.prepare(insertRecordSql);
  const insertCheckpoint = db.prepare(insertCheckpointSql);
  const writeCheckpointIfDue = (checkpointer: ChainCheckpointer, force: boolean): AuditCheckpoint | undefined => {
    const checkpoint = checkpointer.next(region, currentTip(), lastCheckpoint(), Date.now(), force);
    if (checkpoint) insertCheckpoint.run(checkpoint.sequence, checkpoint.hash, checkpoint.time, checkpoint.signature);
    return checkpoint;
  };
  const appendTransaction = db.transaction((records: readonly AuditRecord[], checkpointer?: ChainCheckpointer): AppendResult => {
    const rows = linkAuditRecords(currentTip(), records);
    for (const row of rows) {
      const c = row.columns;
      insertRecord.run(row.sequence, c.eventTime, c.inferenceRegion, c.profileId, c.identity, c.outcome, row.recordJson, row.prevHash, row.hash);
    }
    const checkpoint = checkpointer ? writeCheckpointIfDue(checkpointer, false) : undefined;
    return { links: rows.map((r) => ({ sequence: r.sequence, hash: r.hash })), checkpoint };
  });
  const checkpointTransaction = db.transaction((checkpointer: ChainCheckpointer, force: boolean) => writeCheckpointIfDue(checkpointer, force));
  return {
    async append(records, checkpointer) {
      return appendTransaction.immediate(records, checkpointer);
    },
    async checkpoint(checkpointer, force) {
      return checkpointTransaction.immediate(checkpointer, force);
    },
    async close() {},
  };
}
