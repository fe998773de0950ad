/**
 * The versioned schema of the shared state (managed keys, teams, usage counters, application profiles, replica
 * traffic), one list for both databases: the statements are plain SQL both SQLite and PostgreSQL accept. A
 * migration is never edited once released; a change is a new version at the end. `state_revision` is one counter
 * every change bumps inside its transaction, so a replica learns of changes with one cheap read (see
 * src/keys/managed-key-registry.ts), and changes commit in revision order (the row lock serialises writers).
 */
import type { SqlQueryable } from './sql-database.js';

export interface StateMigration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const stateMigrations: readonly StateMigration[] = [
  {
    version: 1,
    name: 'managed keys, teams, usage counters',
    statements: [
      'CREATE TABLE state_revision (id INTEGER PRIMARY KEY, value BIGINT NOT NULL)',
      'INSERT INTO state_revision (id, value) VALUES (1, 0)',
      `CREATE TABLE managed_keys (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        team TEXT,
        secret_sha256 TEXT UNIQUE,
        access_key_id TEXT UNIQUE,
        secret_sealed TEXT,
        key_hint TEXT NOT NULL,
        definition_json TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        expires_at BIGINT,
        revoked_at BIGINT,
        revision BIGINT NOT NULL
      )`,
      'CREATE INDEX managed_keys_revision ON managed_keys (revision)',
      'CREATE INDEX managed_keys_team ON managed_keys (team)',
      `CREATE TABLE teams (
        id TEXT PRIMARY KEY,
        limits_json TEXT NOT NULL,
        updated_at BIGINT NOT NULL,
        revision BIGINT NOT NULL
      )`,
      'CREATE INDEX teams_revision ON teams (revision)',
      `CREATE TABLE usage_counters (
        subject TEXT NOT NULL,
        metric TEXT NOT NULL,
        window_start TEXT NOT NULL,
        amount BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        PRIMARY KEY (subject, metric, window_start)
      )`,
      'CREATE INDEX usage_counters_expires_at ON usage_counters (expires_at)',
    ],
  },
  {
    version: 2,
    name: 'application profiles, replica traffic',
    statements: [
      `CREATE TABLE application_profiles (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        client_request_token TEXT UNIQUE,
        request_fingerprint TEXT NOT NULL,
        profile_json TEXT NOT NULL,
        created_at TEXT NOT NULL
      )`,
      `CREATE TABLE replica_traffic (
        replica_id TEXT PRIMARY KEY,
        snapshot_json TEXT NOT NULL,
        started_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
    ],
  },
];

export const latestStateVersion = stateMigrations[stateMigrations.length - 1].version;

/** Bumps the revision counter; call inside the transaction that makes the change, and stamp rows with it. */
export async function nextRevision(tx: SqlQueryable): Promise<number> {
  const [row] = await tx.query<{ value: string | number }>('UPDATE state_revision SET value = value + 1 WHERE id = 1 RETURNING value');
  return Number(row.value);
}
