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
