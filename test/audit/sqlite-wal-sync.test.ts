/**
 * The SQLite audit store's durable commit: the transaction runs with synchronous=NORMAL and `append` resolves only
 * after the WAL has been synced (sqlite-wal-sync.ts), so the sync's wait is spent off the event loop.
 */
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteAuditStore } from '../../src/audit/sqlite-audit-store.js';
import { createWalSync } from '../../src/audit/sqlite-wal-sync.js';
import { buildAuditRecord } from '../../src/audit/build-audit-record.js';
import { createChainCheckpointer } from '../../src/audit/audit-checkpoint.js';
import { makeOutcome, scratchDir } from './audit-test-fixtures.js';

function deferred(): { promise: Promise<void>; resolve(): void; reject(error: Error): void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settled = async (promise: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void promise.then(() => (done = true), () => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('SQLite audit store: the WAL sync before append resolves', () => {
  let scratch: ReturnType<typeof scratchDir>;
  beforeEach(() => (scratch = scratchDir()));
  afterEach(() => scratch.cleanup());

  it('resolves append only once the WAL sync has finished, with the records already in the WAL when it starts', async () => {
    const path = join(scratch.dir, 'eu-central-1.sqlite');
    const syncs: Array<{ rowsAtSync: number; done: ReturnType<typeof deferred> }> = [];
    const store = openSqliteAuditStore({
      path,
      region: 'eu-central-1',
      walSync: () => {
        const reader = new Database(path, { readonly: true });
        const rowsAtSync = (reader.prepare('SELECT count(*) AS n FROM audit_records').get() as { n: number }).n;
        reader.close();
        const done = deferred();
        syncs.push({ rowsAtSync, done });
        return done.promise;
      },
    });
    const writer = new Database(path, { readonly: true });
    assert.equal(writer.pragma('journal_mode', { simple: true }), 'wal');
    writer.close();
    const appended = store.append([buildAuditRecord(makeOutcome()), buildAuditRecord(makeOutcome())]);
    assert.equal(await settled(appended), false, 'not resolved while the sync is pending');
    assert.equal(syncs.length, 1);
    assert.equal(syncs[0].rowsAtSync, 2, 'the transaction committed before the sync started');
    syncs[0].done.resolve();
    assert.deepEqual((await appended).links.map((l) => l.sequence), [1, 2]);
    await store.close();
  });

  it('rejects append when the WAL cannot be synced (the caller is never told a record is durable)', async () => {
    const store = openSqliteAuditStore({ path: join(scratch.dir, 'eu-central-1.sqlite'), region: 'eu-central-1', walSync: async () => {
      throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
    } });
    await assert.rejects(store.append([buildAuditRecord(makeOutcome())]), /EIO/);
    await store.close();
  });

  it('syncs after a checkpoint row is written, and not when no checkpoint was due', async () => {
    let syncs = 0;
    const store = openSqliteAuditStore({ path: join(scratch.dir, 'eu-central-1.sqlite'), region: 'eu-central-1', walSync: async () => void (syncs += 1) });
    const checkpointer = createChainCheckpointer({ key: 'k'.repeat(32), everyRecords: 1000, everyMs: 3_600_000 });
    await store.append([buildAuditRecord(makeOutcome())]);
    assert.equal(syncs, 1);
    assert.ok(await store.checkpoint(checkpointer, true), 'a forced checkpoint is written');
    assert.equal(syncs, 2);
    assert.equal(await store.checkpoint(checkpointer, false), undefined, 'nothing new to sign');
    assert.equal(syncs, 2);
    await store.close();
  });

  it('synchronous NORMAL skips the sync (a process crash loses nothing, a power cut may lose the last commits)', async () => {
    let syncs = 0;
    const store = openSqliteAuditStore({ path: join(scratch.dir, 'eu-central-1.sqlite'), region: 'eu-central-1', synchronous: 'NORMAL', walSync: async () => void (syncs += 1) });
    await store.append([buildAuditRecord(makeOutcome())]);
    assert.equal(syncs, 0);
    await store.close();
  });

  it('createWalSync syncs the real WAL file, and retries the open after the WAL was missing', async () => {
    const path = join(scratch.dir, 'x.sqlite');
    const sync = createWalSync(path);
    await assert.rejects(sync(), /ENOENT/);
    writeFileSync(`${path}-wal`, 'frames');
    await sync();
    await sync();
    await sync.close();
    await sync.close();
  });
});
