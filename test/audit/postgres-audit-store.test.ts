import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openPostgresAuditStore, postgresAuditSchemaName, listPostgresAuditRegions } from '../../src/audit/postgres-audit-store.js';
import { openAuditStoresForRead } from '../../src/audit/open-audit-stores.js';
import { createAuditTrail } from '../../src/audit/audit-trail.js';
import { buildAuditRecord } from '../../src/audit/build-audit-record.js';
import { createChainCheckpointer } from '../../src/audit/audit-checkpoint.js';
import { verifyAuditStore } from '../../src/audit/verify-audit-store.js';
import { canonicalJson } from '../../src/audit/canonical-json.js';
import { AuditRegionMismatchError } from '../../src/audit/audit-store-contract.js';
import { makeAuditConfig, makeCatalog, makeOutcome } from './audit-test-fixtures.js';

const URL = process.env.GEOROUTE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const prefix = `georoute_test_${process.pid}_${Date.now().toString(36)}`;
const KEY = 'pg-checkpoint-key';

async function reachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL is unreachable at ${URL} (${error instanceof Error ? error.message : String(error)}); set GEOROUTE_TEST_POSTGRES_URL`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const unreachable = await reachable();

describe('PostgreSQL audit store', { skip: unreachable }, () => {
  let pool: pg.Pool;
  before(() => {
    pool = new pg.Pool({ connectionString: URL, max: 4 });
  });
  after(async () => {
    const schemas = await pool.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE left(nspname, length($1)) = $1', [prefix]);
    for (const { nspname } of schemas.rows) await pool.query(`DROP SCHEMA ${nspname} CASCADE`);
    await pool.end();
  });

  it('names one schema per source region', () => {
    assert.equal(postgresAuditSchemaName('georoute_audit', 'eu-central-1'), 'georoute_audit_eu_central_1');
    assert.throws(() => postgresAuditSchemaName('x'.repeat(60), 'eu-central-1'), /at most 63/);
  });

  it('round-trips records, filters, checkpoints, and verifies', async () => {
    const store = await openPostgresAuditStore({ pool, schemaPrefix: prefix, region: 'eu-central-1' });
    const checkpointer = createChainCheckpointer({ key: KEY, everyRecords: 2, everyMs: 3_600_000 });
    const records = [
      buildAuditRecord(makeOutcome({ eventTime: '2025-03-01T09:00:00Z' })),
      buildAuditRecord(makeOutcome({ eventTime: '2025-03-01T10:00:00Z', inferenceRegionId: 'eu-west-3' })),
      buildAuditRecord(makeOutcome({ eventTime: '2025-03-01T11:00:00Z', status: 500, error: { code: 'internal', message: 'x' } })),
    ];
    await store.append(records.slice(0, 1), checkpointer);
    const result = await store.append(records.slice(1), checkpointer);
    assert.deepEqual(result.links.map((l) => l.sequence), [2, 3]);
    assert.equal(result.checkpoint?.sequence, 3);
    const rows = await store.readChain(0, 10);
    assert.deepEqual(rows.map((r) => r.recordJson), records.map(canonicalJson));
    assert.deepEqual((await store.query({ inferenceRegion: 'eu-west-3' }, 0, 10)).map((r) => r.sequence), [2]);
    assert.deepEqual((await store.query({ outcome: 'failure', from: '2025-03-01T10:30:00.000Z' }, 0, 10)).map((r) => r.sequence), [3]);
    assert.deepEqual((await store.readCheckpoints()).map((c) => c.sequence), [1, 3]);
    const verified = await verifyAuditStore(store, { key: KEY });
    assert.equal(verified.ok, true, verified.firstBad?.detail);
    assert.equal(verified.records, 3);

    const schema = postgresAuditSchemaName(prefix, 'eu-central-1');
    await pool.query(`UPDATE ${schema}.audit_records SET record_json = replace(record_json, '"inputTokens":1000', '"inputTokens":1') WHERE sequence = 2`);
    const tampered = await verifyAuditStore(store, { key: KEY });
    assert.deepEqual(tampered.firstBad && [tampered.firstBad.sequence, tampered.firstBad.problem], [2, 'hash-mismatch']);
    await pool.query(`UPDATE ${schema}.audit_checkpoints SET signature = repeat('0', 64) WHERE sequence = 1`);
    await pool.query(`UPDATE ${schema}.audit_records SET record_json = replace(record_json, '"inputTokens":1,', '"inputTokens":1000,') WHERE sequence = 2`);
    const forged = await verifyAuditStore(store, { key: KEY });
    assert.deepEqual(forged.firstBad && [forged.firstBad.sequence, forged.firstBad.problem], [1, 'checkpoint-signature-mismatch']);
  });

  it('keeps regions in separate schemas and refuses foreign records', async () => {
    const west = await openPostgresAuditStore({ pool, schemaPrefix: prefix, region: 'eu-west-1' });
    await assert.rejects(west.append([buildAuditRecord(makeOutcome({ sourceRegionId: 'eu-central-1' }))]), AuditRegionMismatchError);
    await west.append([buildAuditRecord(makeOutcome({ sourceRegionId: 'eu-west-1' }))]);
    assert.deepEqual(await listPostgresAuditRegions(pool, prefix), ['eu-central-1', 'eu-west-1']);
    const westRows = await pool.query(`SELECT record_json FROM ${postgresAuditSchemaName(prefix, 'eu-west-1')}.audit_records`);
    assert.equal(westRows.rowCount, 1);
    assert.equal(JSON.parse(westRows.rows[0].record_json).awsRegion, 'eu-west-1');
  });

  it('builds one chain when two writers (replicas) append to the same region at once', async () => {
    const region = 'eu-north-1';
    const [a, b] = await Promise.all([
      openPostgresAuditStore({ pool, schemaPrefix: prefix, region }),
      openPostgresAuditStore({ pool, schemaPrefix: prefix, region }),
    ]);
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).append([buildAuditRecord(makeOutcome({ sourceRegionId: region }))])));
    const result = await verifyAuditStore(a);
    assert.equal(result.ok, true, result.firstBad?.detail);
    assert.equal(result.records, 20);
  });

  it('serves as the trail store: record() commits to the source region schema, and the CLI reader finds it', async () => {
    const config = makeAuditConfig({ store: 'postgres', postgres: { urlEnv: 'AUDIT_PG_URL', schemaPrefix: prefix }, checkpoint: { keyEnv: 'AUDIT_KEY' } });
    const env = { AUDIT_PG_URL: URL, AUDIT_KEY: KEY };
    const trail = createAuditTrail({ dataDir: '/nonexistent', config, catalog: makeCatalog(), discounts: {}, env });
    const records = await Promise.all(Array.from({ length: 50 }, () => trail.record(makeOutcome({ sourceRegionId: 'eu-south-1' }))));
    await trail.close();
    const opened = await openAuditStoresForRead({ config, dataDir: '/nonexistent', env, region: 'eu-south-1' });
    try {
      const [store] = opened.stores;
      const result = await verifyAuditStore(store, { key: KEY });
      assert.equal(result.ok, true, result.firstBad?.detail);
      assert.equal(result.records, 50);
      assert.ok(result.checkpoints >= 1);
      const stored = new Set((await store.readChain(0, 100)).map((r) => r.recordJson));
      for (const record of records) assert.ok(stored.has(canonicalJson(record)));
    } finally {
      await opened.close();
    }
  });
});
