import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createGroupCommitter } from '../../src/audit/audit-group-committer.js';
import { openSqliteAuditStore } from '../../src/audit/sqlite-audit-store.js';
import { buildAuditRecord } from '../../src/audit/build-audit-record.js';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { verifyAuditStore } from '../../src/audit/verify-audit-store.js';
import { makeOutcome, scratchDir } from './audit-test-fixtures.js';

describe('group commit', () => {
  it('commits 100 concurrent records in fewer transactions, all durable and chained', async () => {
    const scratch = scratchDir();
    const store = openSqliteAuditStore({ path: join(scratch.dir, 'eu-central-1.sqlite'), region: 'eu-central-1' });
    const committer = createGroupCommitter<AuditRecord, number>({
      maxBatch: 256,
      maxDelayMs: 2,
      commit: async (records) => (await store.append(records)).links.map((l) => l.sequence),
    });
    const sequences = await Promise.all(Array.from({ length: 100 }, () => committer.submit(buildAuditRecord(makeOutcome()))));
    assert.deepEqual([...sequences].sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i + 1));
    assert.ok(committer.commits < 100, `${committer.commits} transactions for 100 records`);
    assert.equal(committer.commits, 1);
    const result = await verifyAuditStore(store);
    assert.equal(result.ok, true);
    assert.equal(result.records, 100);
    await store.close();
    scratch.cleanup();
  });

  it('splits at maxBatch and never runs two commits at once', async () => {
    const batches: number[] = [];
    let inFlight = 0;
    const committer = createGroupCommitter<number, number>({
      maxBatch: 16,
      maxDelayMs: 0,
      commit: async (items) => {
        inFlight += 1;
        assert.equal(inFlight, 1);
        batches.push(items.length);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight -= 1;
        return items.map((i) => i * 2);
      },
    });
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => committer.submit(i)));
    assert.deepEqual(results, Array.from({ length: 100 }, (_, i) => i * 2));
    assert.ok(batches.every((n) => n <= 16));
    assert.equal(batches.reduce((a, b) => a + b, 0), 100);
    assert.equal(batches.length, 7);
  });

  it('resolves a submit only once its transaction has committed', async () => {
    let finish!: () => void;
    const committed = new Promise<void>((resolve) => (finish = resolve));
    let done = false;
    const committer = createGroupCommitter<string, string>({
      maxBatch: 8,
      maxDelayMs: 0,
      commit: async (items) => {
        await committed;
        return items;
      },
    });
    const pending = committer.submit('a').then((v) => ((done = true), v));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(done, false);
    finish();
    assert.equal(await pending, 'a');
  });

  it('commits at once when idle, waits up to maxDelayMs under load, and flushes early at maxBatch', async () => {
    // maxDelayMs is large and the bounds sit far from it on both sides, so a loaded machine cannot blur "at once"
    // (no wait for company) with "waits for maxDelayMs".
    const maxDelayMs = 3_000;
    const committer = createGroupCommitter<number, number>({ maxBatch: 4, maxDelayMs, commit: async (items) => items });
    const timed = async (work: () => Promise<unknown>) => {
      const t = performance.now();
      await work();
      return performance.now() - t;
    };
    const atOnce = maxDelayMs / 2;
    assert.ok((await timed(() => committer.submit(1))) < atOnce, 'an idle store commits at once');
    assert.ok((await timed(() => committer.submit(2))) < atOnce, 'a lone sequential caller never waits for company');
    assert.ok((await timed(() => Promise.all([3, 4].map((n) => committer.submit(n))))) < atOnce, 'the first concurrent batch goes at once');
    assert.ok((await timed(() => Promise.all([5, 6, 7, 8].map((n) => committer.submit(n))))) < atOnce, 'under load, a full batch does not wait');
    assert.ok((await timed(() => committer.submit(9))) >= maxDelayMs * 0.8, 'under load, the next transaction waits maxDelayMs for company');
    assert.equal(committer.commits, 5);
  });

  it('rejects every record of a failed transaction and keeps going', async () => {
    let fail = true;
    const committer = createGroupCommitter<number, number>({
      maxBatch: 8,
      maxDelayMs: 0,
      commit: async (items) => {
        if (fail) throw new Error('disk full');
        return items;
      },
    });
    const failed = await Promise.allSettled([1, 2, 3].map((n) => committer.submit(n)));
    assert.deepEqual(failed.map((r) => r.status), ['rejected', 'rejected', 'rejected']);
    fail = false;
    assert.equal(await committer.submit(4), 4);
    await committer.drain();
  });
});
