import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteAuditStore, sqliteAuditStorePath } from '../../src/audit/sqlite-audit-store.js';
import { buildAuditRecord } from '../../src/audit/build-audit-record.js';
import { createAuditTrail } from '../../src/audit/audit-trail.js';
import { GENESIS_HASH, chainHash } from '../../src/audit/audit-chain-hash.js';
import { canonicalJson } from '../../src/audit/canonical-json.js';
import { AuditRegionMismatchError } from '../../src/audit/audit-store-contract.js';
import { verifyAuditStore } from '../../src/audit/verify-audit-store.js';
import { makeAuditConfig, makeCatalog, makeOutcome, scratchDir } from './audit-test-fixtures.js';

describe('SQLite audit store', () => {
  let scratch: ReturnType<typeof scratchDir>;
  beforeEach(() => (scratch = scratchDir()));
  afterEach(() => scratch.cleanup());

  it('chains records: genesis prev hash, hash = SHA-256(prevHash || canonical JSON), sequence from 1', async () => {
    const store = openSqliteAuditStore({ path: join(scratch.dir, 'eu-central-1.sqlite'), region: 'eu-central-1' });
    const records = [buildAuditRecord(makeOutcome()), buildAuditRecord(makeOutcome())];
    const result = await store.append(records);
    const rows = await store.readChain(0, 10);
    assert.deepEqual(rows.map((r) => r.sequence), [1, 2]);
    assert.equal(rows[0].prevHash, GENESIS_HASH);
    assert.equal(rows[0].recordJson, canonicalJson(records[0]));
    assert.equal(rows[0].hash, chainHash(GENESIS_HASH, canonicalJson(records[0])));
    assert.equal(rows[1].prevHash, rows[0].hash);
    assert.deepEqual(result.links, rows.map((r) => ({ sequence: r.sequence, hash: r.hash })));
    assert.deepEqual(await store.tip(), result.links[1]);
    const db = new Database(join(scratch.dir, 'eu-central-1.sqlite'), { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
    await store.close();
  });

  it("refuses a record of another source region and a file holding another region's trail", async () => {
    const path = join(scratch.dir, 'eu-central-1.sqlite');
    const store = openSqliteAuditStore({ path, region: 'eu-central-1' });
    await assert.rejects(store.append([buildAuditRecord(makeOutcome({ sourceRegionId: 'eu-west-1' }))]), AuditRegionMismatchError);
    assert.deepEqual(await store.readChain(0, 10), []);
    await store.close();
    assert.throws(() => openSqliteAuditStore({ path, region: 'eu-west-1' }), /holds the audit trail of eu-central-1, not eu-west-1/);
  });

  it('keeps each source region in its own file: the trail never writes a record to another region', async () => {
    const trail = createAuditTrail({ dataDir: scratch.dir, config: makeAuditConfig(), catalog: makeCatalog(), discounts: {}, env: {} });
    await Promise.all([
      trail.record(makeOutcome({ sourceRegionId: 'eu-central-1', inferenceRegionId: 'eu-west-3' })),
      trail.record(makeOutcome({ sourceRegionId: 'eu-central-1' })),
      trail.record(makeOutcome({ sourceRegionId: 'eu-west-1', inferenceRegionId: 'eu-central-1' })),
    ]);
    await trail.close();
    for (const [region, expected] of [['eu-central-1', 2], ['eu-west-1', 1]] as const) {
      const store = openSqliteAuditStore({ path: sqliteAuditStorePath(scratch.dir, region), region, readonly: true });
      const rows = await store.readChain(0, 10);
      assert.equal(rows.length, expected);
      for (const row of rows) assert.equal(JSON.parse(row.recordJson).awsRegion, region);
      assert.equal((await verifyAuditStore(store)).ok, true);
      await store.close();
    }
    assert.equal(existsSync(sqliteAuditStorePath(scratch.dir, 'eu-west-3')), false);
  });

  it('opens read-only after the writer closed (no -wal or -shm left)', async () => {
    const path = join(scratch.dir, 'eu-west-1.sqlite');
    const writer = openSqliteAuditStore({ path, region: 'eu-west-1' });
    await writer.append([buildAuditRecord(makeOutcome({ sourceRegionId: 'eu-west-1' }))]);
    await writer.close();
    const reader = openSqliteAuditStore({ path, region: 'eu-west-1', readonly: true });
    assert.equal((await reader.readChain(0, 10)).length, 1);
    await assert.rejects(reader.append([buildAuditRecord(makeOutcome({ sourceRegionId: 'eu-west-1' }))]), /read-only|readonly/);
    await reader.close();
  });

  it('filters queries on the indexed columns and pages by sequence', async () => {
    const store = openSqliteAuditStore({ path: join(scratch.dir, 'eu-central-1.sqlite'), region: 'eu-central-1' });
    await store.append([
      buildAuditRecord(makeOutcome({ eventTime: '2025-03-01T09:00:00Z' })),
      buildAuditRecord(makeOutcome({ eventTime: '2025-03-01T10:00:00Z', inferenceRegionId: 'eu-west-3' })),
      buildAuditRecord(makeOutcome({ eventTime: '2025-03-01T11:00:00Z', status: 500, error: { code: 'internal', message: 'x' } })),
    ]);
    const seqs = async (filters: Parameters<typeof store.query>[0], after = 0, limit = 10) =>
      (await store.query(filters, after, limit)).map((r) => r.sequence);
    assert.deepEqual(await seqs({ from: '2025-03-01T10:00:00.000Z' }), [2, 3]);
    assert.deepEqual(await seqs({ to: '2025-03-01T10:00:00.000Z' }), [1]);
    assert.deepEqual(await seqs({ inferenceRegion: 'eu-west-3' }), [2]);
    assert.deepEqual(await seqs({ outcome: 'failure' }), [3]);
    assert.deepEqual(await seqs({ identity: 'team-search', profileId: 'eu.amazon.nova-lite-v1:0' }, 1, 1), [2]);
    assert.deepEqual(await seqs({ identity: 'someone-else' }), []);
    await store.close();
  });
});
