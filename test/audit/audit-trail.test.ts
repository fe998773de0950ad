import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Registry } from 'prom-client';
import { createAuditTrail } from '../../src/audit/audit-trail.js';
import { openSqliteAuditStore, sqliteAuditStorePath } from '../../src/audit/sqlite-audit-store.js';
import { verifyAuditStore } from '../../src/audit/verify-audit-store.js';
import { canonicalJson } from '../../src/audit/canonical-json.js';
import { createUsageMetrics } from '../../src/billing/usage-metrics.js';
import { makeAuditConfig, makeCatalog, makeOutcome, scratchDir } from './audit-test-fixtures.js';

const KEY_ENV = 'GEOROUTE_TEST_AUDIT_KEY';
const env = { [KEY_ENV]: 'trail-test-key' };
const catalog = makeCatalog();

describe('audit trail', () => {
  let scratch: ReturnType<typeof scratchDir>;
  beforeEach(() => (scratch = scratchDir()));
  afterEach(() => scratch.cleanup());

  const checkpointsOf = (region: string) => {
    const db = new Database(sqliteAuditStorePath(scratch.dir, region), { readonly: true });
    const rows = db.prepare<[], { sequence: number }>('SELECT sequence FROM audit_checkpoints ORDER BY sequence').all();
    db.close();
    return rows.map((r) => r.sequence);
  };

  it('groups 100 concurrent records into fewer transactions, all committed with the chain intact', async () => {
    // everyRecords: 1 writes one checkpoint per transaction, which makes the transactions countable.
    const config = makeAuditConfig({ checkpoint: { keyEnv: KEY_ENV, everyRecords: 1 } });
    const trail = createAuditTrail({ dataDir: scratch.dir, config, catalog, discounts: {}, env });
    const records = await Promise.all(Array.from({ length: 100 }, (_, i) => trail.record(makeOutcome({ requestId: `r${i}` }))));
    const transactions = checkpointsOf('eu-central-1').length;
    assert.ok(transactions >= 1 && transactions < 100, `${transactions} transactions for 100 records`);
    await trail.close();
    const store = openSqliteAuditStore({ path: sqliteAuditStorePath(scratch.dir, 'eu-central-1'), region: 'eu-central-1', readonly: true });
    const result = await verifyAuditStore(store, { key: env[KEY_ENV] });
    assert.equal(result.ok, true, result.firstBad?.detail);
    assert.equal(result.records, 100);
    const stored = new Set((await store.readChain(0, 200)).map((r) => r.recordJson));
    for (const record of records) assert.ok(stored.has(canonicalJson(record)));
    await store.close();
  });

  it('resolves record() only after the record is readable from another connection', async () => {
    const trail = createAuditTrail({ dataDir: scratch.dir, config: makeAuditConfig(), catalog, discounts: {}, env: {} });
    const record = await trail.record(makeOutcome({ requestId: 'visible' }));
    const db = new Database(sqliteAuditStorePath(scratch.dir, 'eu-central-1'), { readonly: true });
    const row = db.prepare<[], { record_json: string }>('SELECT record_json FROM audit_records').get();
    db.close();
    assert.equal(row?.record_json, canonicalJson(record));
    assert.equal(record?.additionalEventData.cost?.micros, 216);
    await trail.close();
    await assert.rejects(trail.record(makeOutcome()), /closed/);
  });

  it('signs checkpoints every N records and the tip on close', async () => {
    const config = makeAuditConfig({ checkpoint: { keyEnv: KEY_ENV, everyRecords: 3, everyMs: 3_600_000 } });
    const trail = createAuditTrail({ dataDir: scratch.dir, config, catalog, discounts: {}, env });
    for (let i = 0; i < 8; i++) await trail.record(makeOutcome());
    assert.deepEqual(checkpointsOf('eu-central-1'), [1, 4, 7]);
    await trail.close();
    assert.deepEqual(checkpointsOf('eu-central-1'), [1, 4, 7, 8]);
  });

  it('signs a tip that moved within everyMs even when few records arrive', async () => {
    const config = makeAuditConfig({ checkpoint: { keyEnv: KEY_ENV, everyRecords: 1000, everyMs: 300 } });
    const trail = createAuditTrail({ dataDir: scratch.dir, config, catalog, discounts: {}, env });
    await trail.record(makeOutcome());
    await trail.record(makeOutcome());
    assert.deepEqual(checkpointsOf('eu-central-1'), [1]);
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.deepEqual(checkpointsOf('eu-central-1'), [1, 2]);
    await trail.close();
  });

  it('fails at creation when the checkpoint key variable is not set', () => {
    const config = makeAuditConfig({ checkpoint: { keyEnv: KEY_ENV } });
    assert.throws(() => createAuditTrail({ dataDir: scratch.dir, config, catalog, discounts: {}, env: {} }), /GEOROUTE_TEST_AUDIT_KEY, which is not set/);
  });

  it('rejects record() when the record cannot be committed, and recovers once it can', async () => {
    writeFileSync(join(scratch.dir, 'audit'), 'not a directory');
    const trail = createAuditTrail({ dataDir: scratch.dir, config: makeAuditConfig(), catalog, discounts: {}, env: {} });
    await assert.rejects(trail.record(makeOutcome()), /EEXIST|ENOTDIR/);
    rmSync(join(scratch.dir, 'audit'));
    const record = await trail.record(makeOutcome({ requestId: 'after-recovery' }));
    await trail.close();
    const store = openSqliteAuditStore({ path: sqliteAuditStorePath(scratch.dir, 'eu-central-1'), region: 'eu-central-1', readonly: true });
    assert.deepEqual((await store.readChain(0, 10)).map((r) => r.recordJson), [canonicalJson(record)]);
    await store.close();
  });

  it('with audit disabled stores nothing but still computes cost and metrics', async () => {
    const registry = new Registry();
    const trail = createAuditTrail({
      dataDir: scratch.dir,
      config: makeAuditConfig({ enabled: false }),
      catalog,
      discounts: {},
      metrics: createUsageMetrics(registry),
      env: {},
    });
    const record = await trail.record(makeOutcome());
    await trail.close();
    assert.equal(record, undefined, 'no record is built');
    assert.equal(existsSync(join(scratch.dir, 'audit')), false);
    const cost = (await registry.getMetricsAsJSON()).find((m) => m.name === 'georoute_cost_micros_total');
    assert.equal(cost?.values[0]?.value, 216);
  });

  it('refuses a discount finer than a basis point at creation', () => {
    assert.throws(
      () => createAuditTrail({ dataDir: scratch.dir, config: makeAuditConfig(), catalog, discounts: { global: '9.999' }, env: {} }),
      /pricing\.discounts\.global/,
    );
  });
});
