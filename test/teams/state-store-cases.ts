/**
 * One conformance suite for the shared-state stores (managed keys, teams, usage counters, shared application
 * profiles), run against embedded SQLite and against PostgreSQL: both must behave the same. Not a test file itself.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { SqlKeyStore, readStateRevision } from '../../src/keys/sql-key-store.js';
import { SqlTeamStore } from '../../src/limits/sql-team-store.js';
import { SqlUsageCounterStore } from '../../src/limits/sql-usage-counter-store.js';
import { openSharedApplicationProfileStore } from '../../src/catalog/postgres-application-profile-store.js';
import type { SqlDatabase } from '../../src/state/sql-database.js';

const NOW = Date.parse('2026-12-01T10:00:00Z');

function newKey(id: string, overrides: Record<string, unknown> = {}) {
  return { id, kind: 'api-key' as const, name: `name of ${id}`, hint: 'grk_abcd…', secretSha256: id.padEnd(64, '0'), tags: { env: 'test' }, admin: false, ...overrides };
}

export function stateStoreCases(open: () => Promise<SqlDatabase>): void {
  it('stores keys with every field, lists them newest first, and never returns a revoked key as changeable', async () => {
    const db = await open();
    const keys = new SqlKeyStore(db);
    const created = await keys.insert({ ...newKey('key_a'), team: 'payments', expiresAt: NOW + 3_600_000, allowedGeographies: ['eu'], sourceRegions: ['eu-central-1'], limits: { requestsPerMinute: 5, spendPerDayMicros: 2_500_000, currency: 'EUR' } }, NOW);
    await keys.insert(newKey('key_b'), NOW + 1);
    assert.equal(created.team, 'payments');
    assert.deepEqual(created.limits, { requestsPerMinute: 5, spendPerDayMicros: 2_500_000, currency: 'EUR' });
    assert.deepEqual(created.allowedGeographies, ['eu']);
    assert.equal(created.expiresAt, NOW + 3_600_000);
    assert.deepEqual((await keys.list()).map((k) => k.id), ['key_b', 'key_a']);
    assert.deepEqual((await keys.list({ team: 'payments' })).map((k) => k.id), ['key_a']);
    const updated = await keys.update('key_a', { name: 'renamed', tags: {}, admin: true }, NOW + 2);
    assert.equal(updated?.name, 'renamed');
    assert.equal(updated?.team, undefined);
    assert.equal(updated?.limits, undefined);
    const revoked = await keys.revoke('key_a', NOW + 3);
    assert.equal(revoked?.revokedAt, NOW + 3);
    assert.equal(await keys.revoke('key_a', NOW + 4), undefined);
    assert.equal(await keys.update('key_a', { name: 'again', tags: {}, admin: false }, NOW + 5), undefined);
    assert.equal(await keys.replaceSecret('key_a', { hint: 'x', secretSha256: 'f'.repeat(64) }, NOW + 5), undefined);
    await assert.rejects(() => keys.insert(newKey('key_c', { secretSha256: 'key_b'.padEnd(64, '0') }), NOW), /unique|UNIQUE/);
    await db.close();
  });

  it('bumps the revision with every change and gives each replica what changed since the revision it applied', async () => {
    const db = await open();
    const keys = new SqlKeyStore(db);
    const teams = new SqlTeamStore(db);
    const start = await readStateRevision(db);
    await keys.insert(newKey('key_r1'), NOW);
    const afterInsert = await readStateRevision(db);
    assert.equal(afterInsert, start + 1);
    await keys.replaceSecret('key_r1', { hint: 'grk_new…', secretSha256: 'e'.repeat(64) }, NOW + 1);
    await teams.put('platform', { tokensPerMinute: 1000, currency: 'USD' }, NOW + 2);
    const changed = await keys.changedSince(afterInsert);
    assert.deepEqual(changed.map((k) => [k.id, k.secretSha256, k.hint]), [['key_r1', 'e'.repeat(64), 'grk_new…']]);
    assert.deepEqual((await teams.changedSince(afterInsert)).map((t) => [t.team, t.limits.tokensPerMinute]), [['platform', 1000]]);
    assert.deepEqual(await keys.changedSince(await readStateRevision(db)), []);
    await teams.put('platform', { currency: 'USD' }, NOW + 3);
    assert.deepEqual(await teams.list(), [], 'a team whose limits are removed is not listed');
    await db.close();
  });

  it('takes requests atomically: concurrent takers never pass the limit, and a full second counter gives the first back', async () => {
    const db = await open();
    const counters = new SqlUsageCounterStore(db);
    const key = { subject: 'key:k1', metric: 'requests', window: 'm:2026-12-01T10:00', keepUntil: NOW + 120_000, limit: 7 };
    const results = await Promise.all(Array.from({ length: 20 }, () => counters.takeRequest([key])));
    assert.equal(results.filter((r) => r === -1).length, 7);
    assert.deepEqual(await counters.read([key]), [7]);
    const team = { ...key, subject: 'team:t1', limit: 1 };
    const other = { ...key, subject: 'key:k2', limit: 10 };
    assert.equal(await counters.takeRequest([other, team]), -1);
    assert.equal(await counters.takeRequest([other, team]), 1, 'the team is full');
    assert.deepEqual(await counters.read([other, team]), [1, 1], 'the key got its request back');
    await db.close();
  });

  it('adds usage in one statement, reads absent counters as 0, and purges expired windows', async () => {
    const db = await open();
    const counters = new SqlUsageCounterStore(db);
    const spend = { subject: 'team:t', metric: 'spend:USD', window: 'd:2026-12-01', keepUntil: NOW + 10 };
    const tokens = { subject: 'team:t', metric: 'tokens', window: 'm:2026-12-01T10:00', keepUntil: NOW + 100 };
    await counters.add([{ ...spend, amount: 1_234 }, { ...tokens, amount: 50 }]);
    await counters.add([{ ...spend, amount: 6 }, { ...tokens, amount: 0 }]);
    assert.deepEqual(await counters.read([spend, tokens, { ...tokens, window: 'm:other' }]), [1_240, 50, 0]);
    await counters.purgeExpired(NOW + 50);
    assert.deepEqual(await counters.read([spend, tokens]), [0, 50]);
    await db.close();
  });

  it("sums one turn's additions per counter into one write, counts them in this store's reads before it, and writes them on flush", async () => {
    const db = await open();
    // Additions are held at a gate until the test opens it, so what is read while they are pending does not
    // depend on when the pool runs them.
    let inserts = 0;
    let opened = Promise.resolve();
    let release!: () => void;
    const hold = () => (opened = new Promise<void>((resolve) => (release = resolve)));
    const gated: SqlDatabase = {
      ...db,
      query: async (sql, params) => {
        if (!sql.includes('INSERT INTO usage_counters')) return db.query(sql, params);
        inserts += 1;
        await opened;
        return db.query(sql, params);
      },
    };
    const counters = new SqlUsageCounterStore(gated);
    const tokens = { subject: 'key:batch', metric: 'tokens', window: 'm:2026-12-01T10:00', keepUntil: NOW + 100 };
    const spend = { subject: 'key:batch', metric: 'spend:USD', window: 'd:2026-12-01', keepUntil: NOW + 100 };
    hold();
    const written = Array.from({ length: 30 }, (_, i) => counters.add([{ ...tokens, amount: 10 }, { ...spend, amount: i + 1 }]));
    assert.deepEqual(await counters.read([tokens, spend]), [300, 465], 'read before the write counts what is pending');
    assert.deepEqual(await new SqlUsageCounterStore(db).read([tokens, spend]), [0, 0], 'another replica sees nothing yet');
    release();
    await Promise.all(written);
    assert.equal(inserts, 1, 'one statement for the 30 requests');
    assert.deepEqual(await new SqlUsageCounterStore(db).read([tokens, spend]), [300, 465], 'written once, summed');
    assert.deepEqual(await counters.read([tokens, spend]), [300, 465], 'and not counted twice here');
    // More counters than one statement holds, written by an early flush: each goes in once, and the additions'
    // promise waits for that write, not for the turn's own (which finds nothing left).
    const many = Array.from({ length: 250 }, (_, i) => ({ ...tokens, subject: `key:many-${i}`, amount: i + 1 }));
    hold();
    let settled = false;
    const wrote = counters.add(many).then(() => (settled = true));
    const flushed = counters.flush();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false, 'not settled while the flush is still writing');
    release();
    await flushed;
    assert.deepEqual(await new SqlUsageCounterStore(db).read(many), many.map((a) => a.amount), 'flush wrote them before it resolved');
    await wrote;
    assert.equal(inserts, 1 + 3, '250 counters: three statements');
    assert.deepEqual(await new SqlUsageCounterStore(db).read(many), many.map((a) => a.amount), "and the turn's own write added nothing again");
    await db.close();
  });

  it('rejects the additions of a write that fails, for every request that made them', async () => {
    const db = await open();
    const failing: SqlDatabase = { ...db, query: async () => { throw new Error('state database down'); } };
    const counters = new SqlUsageCounterStore(failing);
    const tokens = { subject: 'key:down', metric: 'tokens', window: 'm:2026-12-01T10:00', keepUntil: NOW + 100 };
    const results = await Promise.allSettled([counters.add([{ ...tokens, amount: 1 }]), counters.add([{ ...tokens, amount: 2 }])]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
    const throwing: SqlDatabase = { ...db, query: () => { throw new Error('no connection'); } };
    await assert.rejects(new SqlUsageCounterStore(throwing).add([{ ...tokens, amount: 1 }]), /no connection/, 'a statement that throws before it is sent still settles the add');
    assert.equal(await counters.add([{ ...tokens, amount: 0 }]), undefined, 'nothing to add: nothing to wait for');
    await db.close();
  });

  it('shares application profiles: a profile created through one store is found by another after a refresh', async () => {
    const db = await open();
    const a = await openSharedApplicationProfileStore(db);
    const b = await openSharedApplicationProfileStore(db);
    const input = { name: 'shared', description: '', modelId: 'm', scope: { kind: 'source-region' as const }, pricingTier: 'in-region' as const, tags: {}, copiedFrom: 'm', clientRequestToken: 'tok', requestFingerprint: 'fp' };
    const { profile } = await a.store.create(input);
    assert.equal(b.store.get(profile.id), undefined);
    await b.listener.apply(-1);
    assert.deepEqual(b.store.get(profile.id), profile);
    const replay = await b.store.create(input);
    assert.equal(replay.created, false);
    assert.equal(replay.profile.id, profile.id);
    await assert.rejects(() => b.store.create({ ...input, clientRequestToken: 'other' }), { code: 'conflict' });
    assert.equal(await b.store.delete(profile.id), true);
    await a.listener.apply(-1);
    assert.equal(a.store.get(profile.id), undefined);
    await db.close();
  });
}
