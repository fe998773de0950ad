/**
 * Application profiles persisted in embedded SQLite, `<dataDir>/profiles.sqlite` (WAL, synchronous FULL): loaded
 * into memory when the gateway starts, written through on every create and delete. A row that does not read back
 * as a profile stops the start-up with its id, rather than silently dropping a profile callers rely on.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { InferenceProfile } from './catalog-types.js';
import {
  ApplicationProfileStore,
  type ApplicationProfilePersistence,
  type ApplicationProfileStoreOptions,
  type StoredApplicationProfile,
} from './application-profile-store.js';

export const APPLICATION_PROFILES_FILE = 'profiles.sqlite';

export function applicationProfileStorePath(dataDir: string): string {
  return join(dataDir, APPLICATION_PROFILES_FILE);
}

const SCHEMA_VERSION = 1;

const schemaSql = `
CREATE TABLE IF NOT EXISTS application_profiles (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  client_request_token TEXT UNIQUE,
  request_fingerprint TEXT NOT NULL,
  profile_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);`;

export interface ProfileRow {
  id: string;
  client_request_token: string | null;
  request_fingerprint: string;
  profile_json: string;
}

const scopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('source-region') }),
  z.object({ kind: z.literal('geography'), geographyId: z.string().min(1) }),
  z.object({ kind: z.literal('regions'), regionIds: z.array(z.string().min(1)).min(1) }),
]);

const storedProfileSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  description: z.string(),
  type: z.literal('APPLICATION'),
  modelId: z.string().min(1),
  scope: scopeSchema,
  pricingTier: z.enum(['in-region', 'geographic', 'global']),
  tags: z.record(z.string()),
  copiedFrom: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function profileFromRow(row: ProfileRow): InferenceProfile {
  let json: unknown;
  try {
    json = JSON.parse(row.profile_json);
  } catch (error) {
    throw new Error(`profiles.sqlite: application profile "${row.id}" is not valid JSON`, { cause: error });
  }
  const parsed = storedProfileSchema.safeParse(json);
  if (!parsed.success || parsed.data.id !== row.id) {
    throw new Error(`profiles.sqlite: application profile "${row.id}" does not read back as a profile; fix or delete the row`);
  }
  return Object.freeze({ ...parsed.data, tags: Object.freeze(parsed.data.tags) });
}

export function openSqliteApplicationProfilePersistence(path: string): ApplicationProfilePersistence {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > SCHEMA_VERSION) {
      throw new Error(`${path} has schema version ${version}; this georoute reads version ${SCHEMA_VERSION} — upgrade georoute`);
    }
    db.exec(schemaSql);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  } catch (error) {
    db.close();
    throw error;
  }
  const selectAll = db.prepare<[], ProfileRow>('SELECT id, client_request_token, request_fingerprint, profile_json FROM application_profiles ORDER BY id');
  const insert = db.prepare<[string, string, string | null, string, string, string]>(
    'INSERT INTO application_profiles (id, name, client_request_token, request_fingerprint, profile_json, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const remove = db.prepare<[string]>('DELETE FROM application_profiles WHERE id = ?');
  const update = db.prepare<[string, string]>('UPDATE application_profiles SET profile_json = ? WHERE id = ?');
  return {
    loadAll: () =>
      selectAll.all().map((row) => ({
        profile: profileFromRow(row),
        clientRequestToken: row.client_request_token ?? undefined,
        requestFingerprint: row.request_fingerprint,
      })),
    insert: ({ profile, clientRequestToken, requestFingerprint }: StoredApplicationProfile) => {
      insert.run(profile.id, profile.name, clientRequestToken ?? null, requestFingerprint, JSON.stringify(profile), profile.createdAt);
    },
    update: ({ profile }: StoredApplicationProfile) => {
      update.run(JSON.stringify(profile), profile.id);
    },
    delete: (id) => {
      remove.run(id);
    },
    close: () => {
      if (db.open) db.close();
    },
  };
}

/** Opens (creating if needed) `<dataDir>/profiles.sqlite` and loads every application profile into memory. */
export function openSqliteApplicationProfileStore(path: string, options: ApplicationProfileStoreOptions = {}): ApplicationProfileStore {
  const persistence = openSqliteApplicationProfilePersistence(path);
  try {
    return new ApplicationProfileStore(persistence, options);
  } catch (error) {
    persistence.close();
    throw error;
  }
}
