import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteAuditStore } from '../../src/audit/sqlite-audit-store.js';
import { buildAuditRecord } from '../../src/audit/build-audit-record.js';
import { createChainCheckpointer } from '../../src/audit/audit-checkpoint.js';
import { createGroupCommitter } from '../../src/audit/audit-group-committer.js';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { verifyAuditStore } from '../../src/audit/verify-audit-store.js';
import { makeOutcome, scratchDir } from './audit-test-fixtures.js';

const REGION = 'eu-central-1';
const record = () => buildAuditRecord(makeOutcome());

describe('SQLite audit store with the worker writer', () => {
  let scratch: ReturnType<typeof scratchDir>;
  beforeEach(() => (scratch = scratchDir()));
  afterEach(() => scratch.cleanup());

  it('has committed a batch when append resolves, chained like the inline writer', async () => {
    const path = join(scratch.dir, `${REGION}.sqlite`);
    const worker = openSqliteAuditStore({ path, region: REGION, writer: 'worker' });
    const inlinePath = join(scratch.dir, 'inline', `${REGION}.sqlite`);
    const inline = openSqliteAuditStore({ path: inlinePath, region: REGION });
    const records = [record(), record(), record()];
    const result = await worker.append(records);
    assert.deepEqual(result, await inline.append(records));
    // A separate connection sees the rows: the transaction committed before append resolved.
    const db = new Database(path, { readonly: true });
    assert.equal(db.prepare('SELECT count(*) AS n FROM audit_records').pluck().get(), 3);
    db.close();
    assert.deepEqual(await worker.readChain(0, 10), await inline.readChain(0, 10));
    await Promise.all([worker.close(), inline.close()]);
  });

  it('keeps chain order across concurrent appends and checkpoints, and writes checkpoints in the transaction', async () => {
    const path = join(scratch.dir, `${REGION}.sqlite`);
    const store = openSqliteAuditStore({ path, region: REGION, writer: 'worker' });
    const checkpointer = createChainCheckpointer({ key: 'k', everyRecords: 5, everyMs: 60_000 });
    const committer = createGroupCommitter<AuditRecord, void>({
      maxBatch: 8,
      maxDelayMs: 1,
      commit: async (records) => {
        await store.append(records, checkpointer);
        return records.map(() => undefined);
      },
    });
    const submitted = Array.from({ length: 200 }, () => record());
    const appends = submitted.map((r) => committer.submit(r));
    const forced = [store.checkpoint(checkpointer, true), store.checkpoint(checkpointer, true)];
    await Promise.all([...appends, ...forced]);
    const rows = await store.readChain(0, 1000);
    assert.deepEqual(rows.map((r) => JSON.parse(r.recordJson).eventID), submitted.map((r) => r.eventID));
    assert.ok((await store.readCheckpoints()).length >= 10);
    assert.equal((await verifyAuditStore(store, { key: 'k' })).ok, true);
    await store.close();
  });

  it('rejects a batch whose tip moved under it, commits nothing of it, and recovers on the next append', async () => {
    const path = join(scratch.dir, `${REGION}.sqlite`);
    const store = openSqliteAuditStore({ path, region: REGION, writer: 'worker' });
    await store.append([record()]);
    // Another writer's row lands while the batch is being linked: hold the file's write lock, then add a row.
    const other = new Database(path);
    other.pragma('busy_timeout = 5000');
    other.exec('BEGIN IMMEDIATE');
    const pending = store.append([record()]);
    await new Promise((r) => setTimeout(r, 50));
    other.prepare("INSERT INTO audit_records VALUES (2, '2025-01-01T00:00:00.000Z', NULL, NULL, 'x', 'success', '{}', 'a', 'b')").run();
    other.exec('COMMIT');
    await assert.rejects(pending, /chain tip .* moved/);
    other.prepare('DELETE FROM audit_records WHERE sequence = 2').run();
    other.close();
    assert.deepEqual((await store.append([record()])).links.map((l) => l.sequence), [2]);
    assert.equal((await verifyAuditStore(store)).ok, true);
    await store.close();
  });

  it('drains pending writes on close, then refuses new ones', async () => {
    const store = openSqliteAuditStore({ path: join(scratch.dir, `${REGION}.sqlite`), region: REGION, writer: 'worker' });
    const appends = [store.append([record()]), store.append([record(), record()])];
    await store.close();
    await Promise.all(appends);
    await assert.rejects(store.append([record()]), /closed|not open/);
    const reader = openSqliteAuditStore({ path: join(scratch.dir, `${REGION}.sqlite`), region: REGION, readonly: true });
    assert.equal((await reader.readChain(0, 10)).length, 3);
    await reader.close();
  });
});
