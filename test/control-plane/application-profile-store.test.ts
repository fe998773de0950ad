/** The application profile store: memory lookups, idempotent creates, unique names, and SQLite write-through. */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { createInMemoryApplicationProfileStore, type NewApplicationProfile } from '../../src/catalog/application-profile-store.js';
import { applicationProfileStorePath, openSqliteApplicationProfileStore } from '../../src/catalog/sqlite-application-profile-store.js';
import { ProfileResolver } from '../../src/catalog/profile-resolver.js';
import { newDataDir } from './control-plane-test-kit.js';

function request(overrides: Partial<NewApplicationProfile> = {}): NewApplicationProfile {
  return {
    name: 'team-a',
    description: 'Team A',
    modelId: 'amazon.nova-2-lite-v1:0',
    scope: { kind: 'geography', geographyId: 'eu' },
    pricingTier: 'geographic',
    tags: { team: 'a' },
    copiedFrom: 'eu.amazon.nova-2-lite-v1:0',
    requestFingerprint: 'fp-1',
    ...overrides,
  };
}

function sequentialIds(): () => string {
  let n = 0;
  return () => `app${String(++n).padStart(9, '0')}`;
}

describe('application profile store', () => {
  it('creates an APPLICATION profile that the resolver finds by id and by ARN', async () => {
    const store = createInMemoryApplicationProfileStore({ newId: sequentialIds(), now: () => new Date('2025-06-01T10:00:00Z') });
    const { profile, created } = await store.create(request());
    assert.equal(created, true);
    assert.equal(profile.id, 'app000000001');
    assert.equal(profile.type, 'APPLICATION');
    assert.equal(profile.createdAt, '2025-06-01T10:00:00.000Z');
    assert.deepEqual(profile.tags, { team: 'a' });
    const resolver = new ProfileResolver({ regions: new Map(), geographies: new Map(), models: new Map(), deployments: [], deploymentsByModel: new Map(), systemProfiles: new Map() }, store);
    assert.equal(resolver.resolve('app000000001')?.profile, profile);
    assert.equal(resolver.resolve('arn:aws:bedrock:eu-west-1:000000000000:application-inference-profile/app000000001')?.profile, profile);
    assert.equal(resolver.resolve('arn:aws:bedrock:eu-west-1:000000000000:inference-profile/app000000001'), undefined);
    assert.deepEqual(resolver.list(), [profile]);
  });

  it('replays a token with the same request, and refuses it with another request or a taken name', async () => {
    const store = createInMemoryApplicationProfileStore({ newId: sequentialIds() });
    const first = await store.create(request({ clientRequestToken: 't1' }));
    const replay = await store.create(request({ clientRequestToken: 't1' }));
    assert.equal(replay.created, false);
    assert.equal(replay.profile, first.profile);
    await assert.rejects(() => store.create(request({ clientRequestToken: 't1', requestFingerprint: 'fp-2' })), { code: 'conflict', message: /clientRequestToken "t1"/ });
    await assert.rejects(() => store.create(request({ clientRequestToken: 't2' })), { code: 'conflict', message: /named "team-a" already exists/ });
    await assert.rejects(() => store.create(request()), { code: 'conflict' });
    assert.equal(store.size, 1);
  });

  it('frees the name and the token when a profile is deleted', async () => {
    const store = createInMemoryApplicationProfileStore({ newId: sequentialIds() });
    const { profile } = await store.create(request({ clientRequestToken: 't1' }));
    assert.equal(await store.delete(profile.id), true);
    assert.equal(await store.delete(profile.id), false);
    assert.equal(store.get(profile.id), undefined);
    const again = await store.create(request({ clientRequestToken: 't1' }));
    assert.equal(again.created, true);
    assert.notEqual(again.profile.id, profile.id);
  });

  it('never reuses an id that is taken', async () => {
    const ids = ['same00000000', 'same00000000', 'other0000000'];
    const store = createInMemoryApplicationProfileStore({ newId: () => ids.shift() ?? 'exhausted000' });
    await store.create(request());
    assert.equal((await store.create(request({ name: 'team-b' }))).profile.id, 'other0000000');
  });
});

describe('SQLite application profile store', () => {
  const dataDir = newDataDir();
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('persists creates and deletes across reopen, in WAL mode', async () => {
    const path = applicationProfileStorePath(dataDir);
    assert.equal(path, join(dataDir, 'profiles.sqlite'));
    const store = openSqliteApplicationProfileStore(path, { newId: sequentialIds() });
    const kept = (await store.create(request({ clientRequestToken: 'keep', scope: { kind: 'regions', regionIds: ['eu-west-3'] }, pricingTier: 'in-region' }))).profile;
    const dropped = (await store.create(request({ name: 'dropped', tags: {} }))).profile;
    await store.delete(dropped.id);
    await store.close();

    const reopened = openSqliteApplicationProfileStore(path, { newId: () => 'app999999999' });
    try {
      assert.deepEqual(reopened.list(), [kept]);
      assert.equal(reopened.get(dropped.id), undefined);
      assert.equal((await reopened.create(request({ clientRequestToken: 'keep', scope: { kind: 'regions', regionIds: ['eu-west-3'] }, pricingTier: 'in-region' }))).created, false);
      await assert.rejects(() => reopened.create(request({ clientRequestToken: 'new' })), { code: 'conflict' });
    } finally {
      await reopened.close();
    }
    const db = new Database(path, { readonly: true });
    try {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    } finally {
      db.close();
    }
  });

  it('refuses to start from a row that does not read back as a profile', async () => {
    const path = join(dataDir, 'corrupt', 'profiles.sqlite');
    openSqliteApplicationProfileStore(path).close();
    const db = new Database(path);
    db.prepare("INSERT INTO application_profiles VALUES ('badrow', 'bad', NULL, 'fp', '{\"id\":\"badrow\",\"type\":\"SYSTEM_DEFINED\"}', 'now')").run();
    db.close();
    assert.throws(() => openSqliteApplicationProfileStore(path), /application profile "badrow" does not read back/);
  });
});
