/**
 * The SQLite audit store: one database file per source region, `<dataDir>/audit/<region>.sqlite`, in WAL mode.
 * Durable by default: a record that `append` resolved for has been fdatasync'ed to the WAL, so it survives a crash
 * of the process and of the machine. better-sqlite3 is synchronous, so the transaction itself runs on the event
 * loop with `synchronous=NORMAL` (no sync inside the commit) and the WAL's sync runs on the thread pool before
 * `append` resolves (sqlite-wal-sync.ts); group commit (audit-group-committer.ts) spreads both over a batch.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AuditRecord } from './audit-record.js';
import type { AuditCheckpoint, ChainCheckpointer } from './audit-checkpoint.js';
import { EMPTY_CHAIN_TIP, type ChainTip } from './audit-chain-hash.js';
import { describeFailure } from '../observability/dependency-health.js';
import { chainRowFromSql, linkAuditRecords, type AuditRecordSqlRow } from './link-audit-records.js';
import { createWalSync, type WalSync } from './sqlite-wal-sync.js';
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
  /**
   * Default FULL: durable across power loss (each append's WAL frames synced before it resolves). NORMAL in WAL
   * mode survives a process crash only (no sync of the commits; checkpoints still sync).
   */
  synchronous?: SqliteSynchronous;
  /** How FULL syncs the WAL (tests observe or fail it); default `createWalSync(path)`. */
  walSync?: WalSync;
  /** Open an existing store for reading (CLI); never creates or migrates. */
  readonly?: boolean;
}

export function sqliteAuditStorePath(dataDir: string, region: string): string {
  return join(dataDir, 'audit', `${region}.sqlite`);
}

const schemaSql = `
CREATE TABLE IF NOT EXISTS audit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit_records (
  sequence INTEGER PRIMARY KEY,
  event_time TEXT NOT NULL,
  inference_region TEXT,
  profile_id TEXT,
  identity TEXT NOT NULL,
  outcome TEXT NOT NULL,
  record_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_records_event_time ON audit_records (event_time);
CREATE INDEX IF NOT EXISTS audit_records_inference_region ON audit_records (inference_region);
CREATE INDEX IF NOT EXISTS audit_records_profile_id ON audit_records (profile_id);
CREATE INDEX IF NOT EXISTS audit_records_identity ON audit_records (identity);
CREATE INDEX IF NOT EXISTS audit_records_outcome ON audit_records (outcome);
CREATE TABLE IF NOT EXISTS audit_checkpoints (
  sequence INTEGER PRIMARY KEY,
  hash TEXT NOT NULL,
  time TEXT NOT NULL,
  signature TEXT NOT NULL,
  prev_signature TEXT NOT NULL DEFAULT ''
);`;


interface CheckpointRow {
  sequence: number;
  hash: string;
  time: string;
  signature: string;
  prevSignature: string;
}

const CHECKPOINT_COLUMNS = 'sequence, hash, time, signature, prev_signature AS prevSignature';

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
    // NORMAL inside the transaction either way; FULL's durability comes from `walSync` below, off the event loop.
    db.pragma('synchronous = NORMAL');
    db.exec(schemaSql);
    // Stores created before checkpoints named their predecessor get the column (old rows: '').
    const columns = db.prepare<[], { name: string }>('PRAGMA table_info(audit_checkpoints)').all();
    if (!columns.some((c) => c.name === 'prev_signature')) db.exec("ALTER TABLE audit_checkpoints ADD COLUMN prev_signature TEXT NOT NULL DEFAULT ''");
    db.prepare('INSERT OR IGNORE INTO audit_meta (key, value) VALUES (?, ?)').run('region', region);
  }
  const storedRegion = db.prepare<[], { value: string }>("SELECT value FROM audit_meta WHERE key = 'region'").get();
  if (storedRegion?.value !== region) {
    db.close();
    throw new Error(`${path} holds the audit trail of ${storedRegion?.value ?? 'no region'}, not ${region}`);
  }

  const selectTip = db.prepare<[], ChainTip>('SELECT sequence, hash FROM audit_records ORDER BY sequence DESC LIMIT 1');
  const selectLastCheckpoint = db.prepare<[], CheckpointRow>(
    `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints ORDER BY sequence DESC LIMIT 1`,
  );
  const selectCheckpoints = db.prepare<[], CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints ORDER BY sequence`);
  const selectChain = db.prepare<[number, number], AuditRecordSqlRow>('SELECT * FROM audit_records WHERE sequence > ? ORDER BY sequence LIMIT ?');
  const insertRecord = options.readonly
    ? undefined
    : db.prepare(
        `INSERT INTO audit_records (sequence, event_time, inference_region, profile_id, identity, outcome, record_json, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
  const insertCheckpoint = options.readonly
    ? undefined
    : db.prepare('INSERT INTO audit_checkpoints (sequence, hash, time, signature, prev_signature) VALUES (?, ?, ?, ?, ?)');
  const queryStatements = new Map<string, Database.Statement<unknown[], AuditRecordSqlRow>>();
  const syncsWal = !options.readonly && options.synchronous !== 'NORMAL';
  const ownWalSync = syncsWal && options.walSync === undefined ? createWalSync(path) : undefined;
  const walSync: WalSync | undefined = syncsWal ? (options.walSync ?? ownWalSync) : undefined;

  const currentTip = (): ChainTip => selectTip.get() ?? EMPTY_CHAIN_TIP;
  const lastCheckpoint = (): AuditCheckpoint | undefined => {
    const row = selectLastCheckpoint.get();
    return row ? { region, ...row } : undefined;
  };
  const writeCheckpointIfDue = (checkpointer: ChainCheckpointer, force: boolean): AuditCheckpoint | undefined => {
    const checkpoint = checkpointer.next(region, currentTip(), lastCheckpoint(), Date.now(), force);
    if (checkpoint) writable(insertCheckpoint).run(checkpoint.sequence, checkpoint.hash, checkpoint.time, checkpoint.signature, checkpoint.prevSignature);
    return checkpoint;
  };

  const appendTransaction = db.transaction((records: readonly AuditRecord[], checkpointer?: ChainCheckpointer): AppendResult => {
    const rows = linkAuditRecords(currentTip(), records);
    const insert = writable(insertRecord);
    for (const row of rows) {
      const c = row.columns;
      insert.run(row.sequence, c.eventTime, c.inferenceRegion, c.profileId, c.identity, c.outcome, row.recordJson, row.prevHash, row.hash);
    }
    const checkpoint = checkpointer ? writeCheckpointIfDue(checkpointer, false) : undefined;
    return { links: rows.map((r) => ({ sequence: r.sequence, hash: r.hash })), checkpoint };
  });
  const checkpointTransaction = db.transaction((checkpointer: ChainCheckpointer, force: boolean) => writeCheckpointIfDue(checkpointer, force));

  return {
    kind: 'sqlite',
    region,
    location: path,
    async append(records, checkpointer) {
      assertRecordsOfRegion(region, records);
      if (records.length === 0) return { links: [] };
      const appended = appendTransaction.immediate(records, checkpointer);
      await walSync?.();
      return appended;
    },
    async checkpoint(checkpointer, force = false) {
      const checkpoint = checkpointTransaction.immediate(checkpointer, force);
      if (checkpoint) await walSync?.();
      return checkpoint;
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
    async checkHealth() {
      // A file deleted under an open connection still takes writes, into an inode nobody can read again.
      if (!existsSync(path)) return { ready: false, detail: `the audit store file ${path} is missing` };
      try {
        db.prepare('SELECT 1 FROM audit_records LIMIT 0').all();
        db.prepare('SELECT 1 FROM audit_checkpoints LIMIT 0').all();
        return { ready: true };
      } catch (error) {
        return { ready: false, detail: `the audit store ${path} cannot be read (${describeFailure(error)})` };
      }
    },
    async close() {
      await ownWalSync?.close();
      if (db.open) db.close();
    },
  };
}

function writable<T>(statement: T | undefined): T {
  if (!statement) throw new Error('this audit store was opened read-only');
  return statement;
}
