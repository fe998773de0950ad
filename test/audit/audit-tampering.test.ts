/**
 * An insider with write access to the audit database (not to the checkpoint key) tampers with a store; `audit
 * verify` (verifyAuditTrail: chain, checkpoint chain and schedule, digests outside the database, stores the digests
 * say must exist) catches each case, for SQLite and PostgreSQL alike, and names the first record that differs where
 * it can. The one thing it cannot catch is stated as a test too: cutting records written after the last digest
 * (the window docs/audit.md gives as a figure).
 *
 * Setup per case: 12 records through the audit trail, one per transaction, checkpoints every 4 records, so
 * checkpoints (and digests) at sequences 1, 5, 9 and, at close, 12.
 */
import assert from 'node:assert/strict';
import { existsSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createAuditTrail } from '../../src/audit/audit-trail.js';
import { chainHash, GENESIS_HASH } from '../../src/audit/audit-chain-hash.js';
import { canonicalJson } from '../../src/audit/canonical-json.js';
import { configuredDigestSink } from '../../src/audit/checkpoint-digest-sink.js';
import { openAuditStoresForRead } from '../../src/audit/open-audit-stores.js';
import { postgresAuditSchemaName } from '../../src/audit/postgres-audit-store.js';
import { verifyAuditTrail } from '../../src/audit/verify-audit-trail.js';
import type { VerifyResult } from '../../src/audit/verify-audit-store.js';
import { makeAuditConfig, makeCatalog, makeOutcome, scratchDir } from './audit-test-fixtures.js';

const KEY = 'tamper-test-key';
const PG_URL = process.env.GEOROUTE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REGION = 'eu-central-1';
const OTHER = 'eu-west-1';

async function postgresReachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return `PostgreSQL is unreachable at ${PG_URL} (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Raw SQL on the tampered store: `?` placeholders, `{records}` / `{checkpoints}` for the table names. */
interface Tamperer {
  all<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  run(sql: string, ...params: unknown[]): Promise<void>;
  /** Deletes the store of `region` outright (the file, or the schema). */
  dropStore(region: string): Promise<void>;
  close(): Promise<void>;
}

interface Row { sequence: number | string; record_json: string; prev_hash: string; hash: string }

const kinds = [
  { kind: 'sqlite' as const, skip: undefined },
  { kind: 'postgres' as const, skip: await postgresReachable() },
];

for (const { kind, skip } of kinds) {
  describe(`audit tampering is detected (${kind})`, { skip }, () => {
    let scratch: ReturnType<typeof scratchDir>;
    let schemaPrefix: string;
    let tamper: Tamperer;
    const env = () => ({ GEOROUTE_TAMPER_KEY: KEY, GEOROUTE_TAMPER_PG: PG_URL });
    const config = () => makeAuditConfig({
      store: kind,
      ...(kind === 'postgres' ? { postgres: { urlEnv: 'GEOROUTE_TAMPER_PG', schemaPrefix } } : {}),
      checkpoint: { keyEnv: 'GEOROUTE_TAMPER_KEY', everyRecords: 4, everyMs: 3_600_000, digestDir: 'digests' },
      commit: { maxBatch: 1, maxDelayMs: 0 },
    });

    beforeEach(async () => {
      scratch = scratchDir();
      schemaPrefix = `georoute_tamper_${process.pid}_${Math.floor(Math.random() * 1e9).toString(36)}`;
      const trail = createAuditTrail({ dataDir: scratch.dir, config: config(), catalog: makeCatalog(), discounts: {}, env: env() });
      for (let i = 0; i < 12; i++) await trail.record(makeOutcome({ usage: { inputTokens: 100 + i, outputTokens: i } }));
      await trail.record(makeOutcome({ sourceRegionId: OTHER }));
      await trail.close();
      tamper = kind === 'sqlite' ? sqliteTamperer(scratch.dir) : await postgresTamperer(schemaPrefix);
    });
    afterEach(async () => {
      await tamper.close();
      scratch.cleanup();
    });

    const verify = async (): Promise<VerifyResult[]> => {
      const cfg = config();
      const { stores, close } = await openAuditStoresForRead({ config: cfg, dataDir: scratch.dir, env: env() });
      try {
        return await verifyAuditTrail({ stores, config: cfg, digestSink: configuredDigestSink(cfg.checkpoint, scratch.dir), key: KEY });
      } finally {
        await close();
      }
    };
    const expectBad = async (sequence: number, problem: string, region = REGION) => {
      const results = await verify();
      const result = results.find((r) => r.region === region);
      assert.ok(result, `a result for ${region}`);
      assert.equal(result.ok, false, `${problem} went unnoticed`);
      assert.deepEqual({ sequence: result.firstBad?.sequence, problem: result.firstBad?.problem }, { sequence, problem }, result.firstBad?.detail);
      assert.equal(results.find((r) => r.region !== region)?.ok, true, 'the other store still verifies');
    };
    const row = async (sequence: number) => (await tamper.all<Row>('SELECT * FROM {records} WHERE sequence = ?', sequence))[0];
    const editRecord = async (sequence: number) => {
      const record = JSON.parse((await row(sequence)).record_json) as { additionalEventData: { outputTokens: number } };
      record.additionalEventData.outputTokens = 0;
      await tamper.run('UPDATE {records} SET record_json = ? WHERE sequence = ?', canonicalJson(record), sequence);
    };
    /** The careful forger: recompute every hash from `sequence` on, so the chain links again. */
    const relinkFrom = async (sequence: number) => {
      let prev = sequence === 1 ? GENESIS_HASH : (await row(sequence - 1)).hash;
      for (const r of await tamper.all<Row>('SELECT * FROM {records} WHERE sequence >= ? ORDER BY sequence', sequence)) {
        const hash = chainHash(prev, r.record_json);
        await tamper.run('UPDATE {records} SET prev_hash = ?, hash = ? WHERE sequence = ?', prev, hash, Number(r.sequence));
        prev = hash;
      }
    };

    it('accepts the untouched trail, digests included', async () => {
      const results = await verify();
      assert.deepEqual(results.map((r) => [r.region, r.ok, r.records, r.checkpoints, r.digests]), [[REGION, true, 12, 4, 4], [OTHER, true, 1, 1, 1]]);
    });

    it('field edit: names the edited record', async () => {
      await editRecord(7);
      await expectBad(7, 'hash-mismatch');
    });

    it('deletion: names the first missing sequence', async () => {
      await tamper.run('DELETE FROM {records} WHERE sequence = 6');
      await expectBad(6, 'sequence-gap');
    });

    it('tail truncation with the store checkpoints removed too: the digests still know the length', async () => {
      await tamper.run('DELETE FROM {records} WHERE sequence >= 8');
      await tamper.run('DELETE FROM {checkpoints} WHERE sequence >= 8');
      await expectBad(8, 'truncated');
    });

    it('insertion: a record slipped in does not link', async () => {
      await tamper.run('UPDATE {records} SET sequence = sequence + 100 WHERE sequence >= 4');
      await tamper.run('UPDATE {records} SET sequence = sequence - 99 WHERE sequence >= 104');
      const copy = await row(3);
      await tamper.run('INSERT INTO {records} SELECT 4, event_time, inference_region, profile_id, identity, outcome, record_json, prev_hash, hash FROM {records} WHERE sequence = 3');
      assert.ok(copy);
      await expectBad(4, 'prev-hash-mismatch');
    });

    it('swap: two records exchanged', async () => {
      const [a, b] = [await row(5), await row(6)];
      const swap = 'UPDATE {records} SET record_json = ?, prev_hash = ?, hash = ? WHERE sequence = ?';
      await tamper.run(swap, b.record_json, b.prev_hash, b.hash, 5);
      await tamper.run(swap, a.record_json, a.prev_hash, a.hash, 6);
      await expectBad(5, 'prev-hash-mismatch');
    });

    it('recomputed chain: names the first record after the last checkpoint that still matches', async () => {
      await editRecord(6);
      await relinkFrom(6);
      await expectBad(6, 'checkpoint-hash-mismatch');
    });

    it('recomputed chain with every store checkpoint deleted: the digests pin it', async () => {
      await editRecord(10);
      await relinkFrom(10);
      await tamper.run('DELETE FROM {checkpoints}');
      await expectBad(10, 'digest-hash-mismatch');
    });

    it('a checkpoint deleted in the middle breaks the checkpoint chain', async () => {
      await tamper.run('DELETE FROM {checkpoints} WHERE sequence = 5');
      await expectBad(2, 'checkpoint-chain-broken');
    });

    it('the newest checkpoint deleted: its digest has no checkpoint', async () => {
      await tamper.run('DELETE FROM {checkpoints} WHERE sequence = 12');
      await expectBad(12, 'checkpoint-deleted');
    });

    it('the newest checkpoints deleted: the records after them are out of schedule', async () => {
      await tamper.run('DELETE FROM {checkpoints} WHERE sequence >= 9');
      await expectBad(6, 'checkpoint-out-of-schedule');
    });

    it('checkpoints and their digests deleted at the tail: out of schedule', async () => {
      await tamper.run('DELETE FROM {checkpoints} WHERE sequence >= 5');
      for (const sequence of [5, 9, 12]) unlinkSync(join(scratch.dir, 'digests', REGION, `${String(sequence).padStart(16, '0')}.json`));
      await expectBad(2, 'checkpoint-out-of-schedule');
    });

    it('deleted store: the digest sink says it existed', async () => {
      await tamper.dropStore(REGION);
      await expectBad(1, 'store-missing');
    });

    it('the window: records written after the last digest can be cut unnoticed (at most everyRecords + maxBatch - 1)', async () => {
      // The last digest is of sequence 12, signed at close. Cutting nothing past it is all an insider can do
      // unnoticed here; cutting 12 itself is caught.
      await tamper.run('DELETE FROM {records} WHERE sequence = 12');
      await tamper.run('DELETE FROM {checkpoints} WHERE sequence = 12');
      await expectBad(12, 'truncated');
      unlinkSync(join(scratch.dir, 'digests', REGION, `${String(12).padStart(16, '0')}.json`));
      const results = await verify();
      assert.equal(results.find((r) => r.region === REGION)?.ok, true, 'records after the last digest are the documented window');
    });
  });
}

function sqliteTamperer(dataDir: string): Tamperer {
  const open = new Map<string, Database.Database>();
  const db = (region = REGION) => {
    let handle = open.get(region);
    if (!handle) open.set(region, (handle = new Database(join(dataDir, 'audit', `${region}.sqlite`))));
    return handle;
  };
  const sql = (text: string) => text.replaceAll('{records}', 'audit_records').replaceAll('{checkpoints}', 'audit_checkpoints');
  return {
    async all<T>(text: string, ...params: unknown[]) {
      return db().prepare(sql(text)).all(...params) as T[];
    },
    async run(text, ...params) {
      db().prepare(sql(text)).run(...params);
    },
    async dropStore(region) {
      open.get(region)?.close();
      open.delete(region);
      const path = join(dataDir, 'audit', `${region}.sqlite`);
      for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) rmSync(path + suffix);
    },
    async close() {
      for (const handle of open.values()) handle.close();
    },
  };
}

async function postgresTamperer(schemaPrefix: string): Promise<Tamperer> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  const schema = postgresAuditSchemaName(schemaPrefix, REGION);
  const sql = (text: string) => {
    let n = 0;
    return text.replaceAll('{records}', `${schema}.audit_records`).replaceAll('{checkpoints}', `${schema}.audit_checkpoints`).replace(/\?/g, () => `$${++n}`);
  };
  return {
    async all<T>(text: string, ...params: unknown[]) {
      return (await client.query(sql(text), params)).rows as T[];
    },
    async run(text, ...params) {
      await client.query(sql(text), params);
    },
    async dropStore(region) {
      await client.query(`DROP SCHEMA ${postgresAuditSchemaName(schemaPrefix, region)} CASCADE`);
    },
    async close() {
      const schemas = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE left(nspname, length($1)) = $1', [schemaPrefix]);
      for (const { nspname } of schemas.rows) await client.query(`DROP SCHEMA ${nspname} CASCADE`);
      await client.end();
    },
  };
}
