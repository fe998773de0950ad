import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteAuditStore } from '../../src/audit/sqlite-audit-store.js';
import { buildAuditRecord } from '../../src/audit/build-audit-record.js';
import { createChainCheckpointer, signCheckpoint } from '../../src/audit/audit-checkpoint.js';
import { chainHash, GENESIS_HASH } from '../../src/audit/audit-chain-hash.js';
import { canonicalJson } from '../../src/audit/canonical-json.js';
import { verifyAuditStore, type VerifyResult } from '../../src/audit/verify-audit-store.js';
import { makeOutcome, scratchDir } from './audit-test-fixtures.js';

const KEY = 'test-checkpoint-key';
const REGION = 'eu-central-1';

interface Row {
  sequence: number;
  record_json: string;
  prev_hash: string;
  hash: string;
}

describe('verifyAuditStore', () => {
  let scratch: ReturnType<typeof scratchDir>;
  let path: string;
  let db: Database.Database;

  /** Ten records appended one by one, checkpoints every 4 records, and a final checkpoint of the tip. */
  beforeEach(async () => {
    scratch = scratchDir();
    path = join(scratch.dir, `${REGION}.sqlite`);
    const store = openSqliteAuditStore({ path, region: REGION });
    const checkpointer = createChainCheckpointer({ key: KEY, everyRecords: 4, everyMs: 3_600_000 });
    for (let i = 0; i < 10; i++) await store.append([buildAuditRecord(makeOutcome({ usage: { inputTokens: 100 + i, outputTokens: i } }))], checkpointer);
    await store.checkpoint(checkpointer, true);
    await store.close();
    db = new Database(path);
  });
  afterEach(() => {
    db.close();
    scratch.cleanup();
  });

  const verify = async ({ key }: { key?: string } = { key: KEY }): Promise<VerifyResult> => {
    const store = openSqliteAuditStore({ path, region: REGION, readonly: true });
    try {
      return await verifyAuditStore(store, { key, pageSize: 3 });
    } finally {
      await store.close();
    }
  };
  const row = (sequence: number): Row => db.prepare<[number], Row>('SELECT * FROM audit_records WHERE sequence = ?').get(sequence)!;
  const editRecord = (sequence: number, edit: (record: Record<string, unknown>) => void): string => {
    const record = JSON.parse(row(sequence).record_json) as Record<string, unknown>;
    edit(record);
    const json = canonicalJson(record);
    db.prepare('UPDATE audit_records SET record_json = ? WHERE sequence = ?').run(json, sequence);
    return json;
  };
  /** What a careful forger does: recompute every hash from `sequence` to the tip so the chain links again. */
  const relinkFrom = (sequence: number): void => {
    let prev = sequence === 1 ? GENESIS_HASH : row(sequence - 1).hash;
    for (const r of db.prepare<[number], Row>('SELECT * FROM audit_records WHERE sequence >= ? ORDER BY sequence').all(sequence)) {
      const hash = chainHash(prev, r.record_json);
      db.prepare('UPDATE audit_records SET prev_hash = ?, hash = ? WHERE sequence = ?').run(prev, hash, r.sequence);
      prev = hash;
    }
  };
  const expectBad = (result: VerifyResult, sequence: number, problem: string) => {
    assert.equal(result.ok, false);
    assert.deepEqual({ sequence: result.firstBad?.sequence, problem: result.firstBad?.problem }, { sequence, problem }, result.firstBad?.detail);
  };

  it('accepts an untouched store, checking checkpoint signatures', async () => {
    const result = await verify();
    assert.equal(result.ok, true, result.firstBad?.detail);
    assert.equal(result.records, 10);
    assert.equal(result.signaturesChecked, true);
    const pinned = db.prepare<[], { sequence: number }>('SELECT sequence FROM audit_checkpoints ORDER BY sequence').all().map((r) => r.sequence);
    assert.deepEqual(pinned, [1, 5, 9, 10]);
    assert.equal(result.checkpoints, 4);
  });

  it('catches a modified record (hash mismatch)', async () => {
    editRecord(6, (r) => ((r.additionalEventData as Record<string, unknown>).inputTokens = 1));
    expectBad(await verify(), 6, 'hash-mismatch');
  });

  it('catches a modified record whose own hash was recomputed (the next record no longer links)', async () => {
    const json = editRecord(6, (r) => ((r.additionalEventData as Record<string, unknown>).outputTokens = 0));
    db.prepare('UPDATE audit_records SET hash = ? WHERE sequence = 6').run(chainHash(row(6).prev_hash, json));
    expectBad(await verify(), 7, 'prev-hash-mismatch');
  });

  it('catches a deleted record (sequence gap)', async () => {
    db.prepare('DELETE FROM audit_records WHERE sequence = 4').run();
    const result = await verify();
    expectBad(result, 4, 'sequence-gap');
    assert.equal(result.records, 3);
  });

  it('catches a deleted record when the rest were renumbered (prev-hash mismatch)', async () => {
    db.prepare('DELETE FROM audit_records WHERE sequence = 4').run();
    db.prepare('UPDATE audit_records SET sequence = sequence + 1000 WHERE sequence > 4').run();
    db.prepare('UPDATE audit_records SET sequence = sequence - 1001 WHERE sequence > 1000').run();
    expectBad(await verify(), 4, 'prev-hash-mismatch');
  });

  it('catches an inserted record', async () => {
    db.prepare('UPDATE audit_records SET sequence = sequence + 1000 WHERE sequence >= 3').run();
    db.prepare('UPDATE audit_records SET sequence = sequence - 999 WHERE sequence > 1000').run();
    const forged = canonicalJson(buildAuditRecord(makeOutcome({ requestId: 'forged' })));
    const prev = row(2).hash;
    db.prepare(`INSERT INTO audit_records (sequence, event_time, inference_region, profile_id, identity, outcome, record_json, prev_hash, hash)
      VALUES (3, '2025-03-01T10:00:00.000Z', 'eu-central-1', 'eu.amazon.nova-lite-v1:0', 'team-search', 'success', ?, ?, ?)`).run(forged, prev, chainHash(prev, forged));
    expectBad(await verify(), 4, 'prev-hash-mismatch');
  });

  it('catches reordered records', async () => {
    const five = row(5);
    const six = row(6);
    const swap = db.prepare('UPDATE audit_records SET record_json = ?, prev_hash = ?, hash = ? WHERE sequence = ?');
    swap.run(six.record_json, six.prev_hash, six.hash, 5);
    swap.run(five.record_json, five.prev_hash, five.hash, 6);
    expectBad(await verify(), 5, 'prev-hash-mismatch');
  });

  it('catches a rewritten history that links again, through the signed checkpoint', async () => {
    editRecord(6, (r) => ((r.additionalEventData as Record<string, unknown>).outputTokens = 0));
    relinkFrom(6);
    // The checkpoint at 5 still matches, the one at 9 does not: the rewrite starts at 6, the first record after it.
    expectBad(await verify(), 6, 'checkpoint-hash-mismatch');
  });

  it('catches a cut-off tail, through the checkpoint beyond the end', async () => {
    db.prepare('DELETE FROM audit_records WHERE sequence >= 10').run();
    expectBad(await verify(), 10, 'checkpoint-beyond-tip');
  });

  it('catches a tampered checkpoint signature, a forged checkpoint, and a wrong key', async () => {
    const checkpoint = db.prepare<[], { sequence: number; hash: string; time: string; signature: string }>('SELECT * FROM audit_checkpoints WHERE sequence = 5').get()!;
    db.prepare('UPDATE audit_checkpoints SET time = ? WHERE sequence = 5').run('2030-01-01T00:00:00.000Z');
    expectBad(await verify(), 5, 'checkpoint-signature-mismatch');
    db.prepare('UPDATE audit_checkpoints SET time = ? WHERE sequence = 5').run(checkpoint.time);
    assert.equal((await verify()).ok, true);
    // after a rewrite, re-signing checkpoints needs the key: one signed with another key is caught
    editRecord(6, (r) => ((r.additionalEventData as Record<string, unknown>).outputTokens = 0));
    relinkFrom(6);
    // A careful forger also keeps the checkpoint chain linked: 10 names the forged signature of 9.
    let prevSignature = db.prepare<[], { p: string }>('SELECT prev_signature AS p FROM audit_checkpoints WHERE sequence = 9').get()!.p;
    for (const seq of [9, 10]) {
      const hash = row(seq).hash;
      const unsigned = { region: REGION, sequence: seq, hash, time: checkpoint.time, prevSignature };
      const signature = signCheckpoint('guessed-key', unsigned);
      db.prepare('UPDATE audit_checkpoints SET hash = ?, time = ?, signature = ?, prev_signature = ? WHERE sequence = ?').run(hash, checkpoint.time, signature, prevSignature, seq);
      prevSignature = signature;
    }
    expectBad(await verify(), 9, 'checkpoint-signature-mismatch');
    const unkeyed = await verify({});
    assert.equal(unkeyed.ok, true, `without the key only hashes can be compared: ${unkeyed.firstBad?.detail}`);
    assert.equal(unkeyed.signaturesChecked, false);
  });

  it('catches query columns that disagree with the record', async () => {
    db.prepare("UPDATE audit_records SET inference_region = 'us-east-1' WHERE sequence = 3").run();
    expectBad(await verify(), 3, 'index-mismatch');
  });

  it('catches a record of another source region and a record not in canonical form', async () => {
    editRecord(10, (r) => (r.awsRegion = 'us-east-1'));
    relinkFrom(10);
    db.prepare('DELETE FROM audit_checkpoints WHERE sequence = 10').run();
    expectBad(await verify(), 10, 'wrong-region');
    const pretty = JSON.stringify(JSON.parse(row(10).record_json), null, 1);
    db.prepare('UPDATE audit_records SET record_json = ? WHERE sequence = 10').run(pretty);
    relinkFrom(10);
    expectBad(await verify(), 10, 'non-canonical-record');
  });
});
