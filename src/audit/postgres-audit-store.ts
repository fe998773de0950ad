/**
 * The PostgreSQL audit store: one schema per source region, `<schemaPrefix>_<region with "-" as "_">`, holding
 * audit_meta, audit_records and audit_checkpoints. `append` runs one transaction that locks the records table
 * against other writers (SHARE ROW EXCLUSIVE: readers are not blocked), reads the chain tip, inserts the batch and
 * commits with synchronous_commit on, so a resolved append is durable and replicas sharing a database still build
 * one chain per region.
 */
import type { Pool, PoolClient } from 'pg';
import type { AuditRecord } from './audit-record.js';
import type { AuditCheckpoint, ChainCheckpointer } from './audit-checkpoint.js';
import { EMPTY_CHAIN_TIP, type ChainTip } from './audit-chain-hash.js';
import { describeFailure } from '../observability/dependency-health.js';
import { chainRowFromSql, linkAuditRecords, type AuditRecordSqlRow } from './link-audit-records.js';
import {
  assertRecordsOfRegion,
  type AppendResult,
  type AuditStore,
  type AuditStoreFilters,
} from './audit-store-contract.js';

export interface PostgresAuditStoreOptions {
  pool: Pool;
  schemaPrefix: string;
  region: string;
  /** Open an existing schema for reading (CLI); never creates it. */
  readonly?: boolean;
}

export function postgresAuditSchemaName(schemaPrefix: string, region: string): string {
  const name = `${schemaPrefix}_${region.replace(/-/g, '_')}`;
  if (!/^[a-z][a-z0-9_]*$/.test(name) || name.length > 63) {
    throw new Error(`"${name}" is not usable as a PostgreSQL schema name (lower-case, digits, "_", at most 63 characters)`);
  }
  return name;
}


interface CheckpointRow {
  sequence: string;
  hash: string;
  time: string;
  signature: string;
  prev_signature: string;
}

const CHECKPOINT_COLUMNS = 'sequence, hash, time, signature, prev_signature';

const filterColumns: Record<keyof AuditStoreFilters, string> = {
  from: 'event_time >=',
  to: 'event_time <',
  inferenceRegion: 'inference_region =',
  profileId: 'profile_id =',
  identity: 'identity =',
  outcome: 'outcome =',
};

function schemaSql(s: string): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.audit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.audit_records (
  sequence BIGINT PRIMARY KEY,
  event_time TEXT NOT NULL,
  inference_region TEXT,
  profile_id TEXT,
  identity TEXT NOT NULL,
  outcome TEXT NOT NULL,
  record_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_records_event_time ON ${s}.audit_records (event_time);
CREATE INDEX IF NOT EXISTS audit_records_inference_region ON ${s}.audit_records (inference_region);
CREATE INDEX IF NOT EXISTS audit_records_profile_id ON ${s}.audit_records (profile_id);
CREATE INDEX IF NOT EXISTS audit_records_identity ON ${s}.audit_records (identity);
CREATE INDEX IF NOT EXISTS audit_records_outcome ON ${s}.audit_records (outcome);
CREATE TABLE IF NOT EXISTS ${s}.audit_checkpoints (
  sequence BIGINT PRIMARY KEY,
  hash TEXT NOT NULL,
  time TEXT NOT NULL,
  signature TEXT NOT NULL
);
ALTER TABLE ${s}.audit_checkpoints ADD COLUMN IF NOT EXISTS prev_signature TEXT NOT NULL DEFAULT '';`;
}

export async function openPostgresAuditStore(options: PostgresAuditStoreOptions): Promise<AuditStore> {
  const { pool, region } = options;
  const schema = postgresAuditSchemaName(options.schemaPrefix, region);
  if (!options.readonly) {
    // Serialize schema creation between replicas starting at once (CREATE ... IF NOT EXISTS races otherwise).
    await inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [schema]);
      await client.query(schemaSql(schema));
      await client.query(`INSERT INTO ${schema}.audit_meta (key, value) VALUES ('region', $1) ON CONFLICT (key) DO NOTHING`, [region]);
    });
  }
  const meta = await pool.query<{ value: string }>(`SELECT value FROM ${schema}.audit_meta WHERE key = 'region'`);
  if (meta.rows[0]?.value !== region) {
    throw new Error(`schema ${schema} holds the audit trail of ${meta.rows[0]?.value ?? 'no region'}, not ${region}`);
  }

  const tipOf = async (client: Pool | PoolClient): Promise<ChainTip> => {
    const result = await client.query<{ sequence: string; hash: string }>(
      `SELECT sequence, hash FROM ${schema}.audit_records ORDER BY sequence DESC LIMIT 1`,
    );
    const row = result.rows[0];
    return row ? { sequence: Number(row.sequence), hash: row.hash } : EMPTY_CHAIN_TIP;
  };
  const checkpointIfDue = async (client: PoolClient, checkpointer: ChainCheckpointer, tip: ChainTip, force: boolean) => {
    const last = await client.query<CheckpointRow>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM ${schema}.audit_checkpoints ORDER BY sequence DESC LIMIT 1`,
    );
    const checkpoint = checkpointer.next(region, tip, last.rows[0] && toCheckpoint(region, last.rows[0]), Date.now(), force);
    if (checkpoint) {
      await client.query(`INSERT INTO ${schema}.audit_checkpoints (sequence, hash, time, signature, prev_signature) VALUES ($1, $2, $3, $4, $5)`, [
        checkpoint.sequence, checkpoint.hash, checkpoint.time, checkpoint.signature, checkpoint.prevSignature,
      ]);
    }
    return checkpoint;
  };
  const lockForWrite = async (client: PoolClient) => {
    if (options.readonly) throw new Error('this audit store was opened read-only');
    await client.query('SET LOCAL synchronous_commit = on');
    await client.query(`LOCK TABLE ${schema}.audit_records IN SHARE ROW EXCLUSIVE MODE`);
  };

  return {
    kind: 'postgres',
    region,
    location: schema,
    async append(records: readonly AuditRecord[], checkpointer?: ChainCheckpointer): Promise<AppendResult> {
      assertRecordsOfRegion(region, records);
      if (records.length === 0) return { links: [] };
      return inTransaction(pool, async (client) => {
        await lockForWrite(client);
        const rows = linkAuditRecords(await tipOf(client), records);
        const values: unknown[] = [];
        const tuples = rows.map((row, i) => {
          const c = row.columns;
          values.push(row.sequence, c.eventTime, c.inferenceRegion, c.profileId, c.identity, c.outcome, row.recordJson, row.prevHash, row.hash);
          return `(${Array.from({ length: 9 }, (_, j) => `$${i * 9 + j + 1}`).join(', ')})`;
        });
        await client.query(
          `INSERT INTO ${schema}.audit_records (sequence, event_time, inference_region, profile_id, identity, outcome, record_json, prev_hash, hash)
           VALUES ${tuples.join(', ')}`,
          values,
        );
        const links = rows.map((r) => ({ sequence: r.sequence, hash: r.hash }));
        const checkpoint = checkpointer ? await checkpointIfDue(client, checkpointer, links[links.length - 1], false) : undefined;
        return { links, checkpoint };
      });
    },
    async checkpoint(checkpointer, force = false) {
      return inTransaction(pool, async (client) => {
        await lockForWrite(client);
        return checkpointIfDue(client, checkpointer, await tipOf(client), force);
      });
    },
    tip: () => tipOf(pool),
    async readChain(afterSequence, limit) {
      const result = await pool.query<AuditRecordSqlRow>(
        `SELECT * FROM ${schema}.audit_records WHERE sequence > $1 ORDER BY sequence LIMIT $2`,
        [afterSequence, limit],
      );
      return result.rows.map(chainRowFromSql);
    },
    async readCheckpoints() {
      const result = await pool.query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM ${schema}.audit_checkpoints ORDER BY sequence`);
      return result.rows.map((row) => toCheckpoint(region, row));
    },
    async query(filters, afterSequence, limit) {
      const values: unknown[] = [afterSequence];
      const conditions = ['sequence > $1'];
      for (const key of Object.keys(filterColumns) as (keyof AuditStoreFilters)[]) {
        if (filters[key] === undefined) continue;
        values.push(filters[key]);
        conditions.push(`${filterColumns[key]} $${values.length}`);
      }
      values.push(limit);
      const result = await pool.query<AuditRecordSqlRow>(
        `SELECT * FROM ${schema}.audit_records WHERE ${conditions.join(' AND ')} ORDER BY sequence LIMIT $${values.length}`,
        values,
      );
      return result.rows.map(chainRowFromSql);
    },
    async checkHealth() {
      try {
        await pool.query(`SELECT 1 FROM ${schema}.audit_records LIMIT 0`);
        return { ready: true };
      } catch (error) {
        return { ready: false, detail: `PostgreSQL schema ${schema} cannot be read (${describeFailure(error)})` };
      }
    },
    async close() {
      // The pool belongs to whoever opened it (one pool serves every region's schema).
    },
  };
}

/** Region ids of the audit schemas under a prefix (read from each schema's audit_meta). */
export async function listPostgresAuditRegions(pool: Pool, schemaPrefix: string): Promise<string[]> {
  const schemas = await pool.query<{ schema_name: string }>(
    `SELECT n.nspname AS schema_name FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid
     WHERE c.relname = 'audit_meta' AND left(n.nspname, length($1) + 1) = $1 || '_' ORDER BY 1`,
    [schemaPrefix],
  );
  const regions: string[] = [];
  for (const { schema_name: schema } of schemas.rows) {
    const meta = await pool.query<{ value: string }>(`SELECT value FROM ${schema}.audit_meta WHERE key = 'region'`);
    const region = meta.rows[0]?.value;
    if (region && postgresAuditSchemaName(schemaPrefix, region) === schema) regions.push(region);
  }
  return regions.sort();
}

async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A checked-out client has no pool listener: without this, the server ending the connection mid-transaction
  // is an unhandled 'error' event, which ends the process. The query in flight rejects with it anyway.
  const onClientError = (): void => undefined;
  client.on('error', onClientError);
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    if (isServerError(error)) {
      // A connection that cannot even roll back is discarded rather than returned to the pool.
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    } else {
      // Timed out, reset or ended: the connection's state is unknown, so it is dropped, not rolled back (a
      // ROLLBACK would wait out the timeout a second time). The server ends the transaction with the connection.
      broken = error instanceof Error ? error : new Error(String(error));
    }
    throw error;
  } finally {
    client.removeListener('error', onClientError);
    client.release(broken);
  }
}

/** An error the server answered with (it has a SQLSTATE): the connection itself is fine. */
function isServerError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

function toCheckpoint(region: string, row: CheckpointRow): AuditCheckpoint {
  return { region, sequence: Number(row.sequence), hash: row.hash, time: row.time, signature: row.signature, prevSignature: row.prev_signature };
}
