/**
 * Application profiles in the shared state database (`state.store: postgres`), so a profile created through one
 * replica is used on all: the table's unique name and token decide between replicas creating at once, every write
 * bumps the state revision, and each replica's StateRefresher reloads the profiles when it moves (they are few; a
 * profile that did not change keeps its object). Rows read back through the same checks as the SQLite store's.
 */
import type { SqlDatabase } from '../state/sql-database.js';
import type { StateListener } from '../state/state-refresher.js';
import { nextRevision } from '../state/state-migrations.js';
import { ApplicationProfileStore, type ApplicationProfilePersistence, type ApplicationProfileStoreOptions, type StoredApplicationProfile } from './application-profile-store.js';
import { profileFromRow, type ProfileRow } from './sqlite-application-profile-store.js';

async function loadAll(db: SqlDatabase): Promise<StoredApplicationProfile[]> {
  const rows = await db.query<ProfileRow>('SELECT id, client_request_token, request_fingerprint, profile_json FROM application_profiles ORDER BY id');
  return rows.map((row) => ({ profile: profileFromRow(row), clientRequestToken: row.client_request_token ?? undefined, requestFingerprint: row.request_fingerprint }));
}

export async function openSharedApplicationProfileStore(
  db: SqlDatabase,
  options: ApplicationProfileStoreOptions = {},
): Promise<{ store: ApplicationProfileStore; listener: StateListener }> {
  const initial = await loadAll(db);
  const persistence: ApplicationProfilePersistence = {
    loadAll: () => initial,
    reload: () => loadAll(db),
    insert: async ({ profile, clientRequestToken, requestFingerprint }) => {
      await db.transaction(async (tx) => {
        await nextRevision(tx);
        await tx.query(
          'INSERT INTO application_profiles (id, name, client_request_token, request_fingerprint, profile_json, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
          [profile.id, profile.name, clientRequestToken ?? null, requestFingerprint, JSON.stringify(profile), profile.createdAt],
        );
      });
    },
    update: async ({ profile }) => {
      await db.transaction(async (tx) => {
        await nextRevision(tx);
        await tx.query('UPDATE application_profiles SET profile_json = $1 WHERE id = $2', [JSON.stringify(profile), profile.id]);
      });
    },
    delete: async (id) => {
      await db.transaction(async (tx) => {
        await nextRevision(tx);
        await tx.query('DELETE FROM application_profiles WHERE id = $1', [id]);
      });
    },
    // The database is the shared state's; it is closed with it.
    close: () => undefined,
  };
  const store = new ApplicationProfileStore(persistence, options);
  return { store, listener: { apply: async () => store.replaceAll(await loadAll(db)) } };
}
