/**
 * Brings a state database to the latest schema version at start-up. PostgreSQL: under a session advisory lock
 * keyed by the schema name, so replicas starting together apply each migration once (the others wait, then find
 * it applied); each migration runs in its own transaction with its row in `schema_migrations`. SQLite: the file's
 * `user_version`, inside one immediate transaction. A database newer than this georoute stops the start-up.
 */
import type pg from 'pg';
import type Database from 'better-sqlite3';
import { latestStateVersion, stateMigrations } from './state-migrations.js';

function tooNew(version: number, where: string): Error {
  return new Error(`${where} has state schema version ${version}; this georoute knows up to ${latestStateVersion}: upgrade georoute`);
}

export async function runPostgresStateMigrations(pool: pg.Pool, schema: string): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`georoute-state:${schema}`]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(`SET search_path TO ${schema}`);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const done = new Set(rows.map((r) => Number(r.version)));
      const newest = Math.max(0, ...done);
      if (newest > latestStateVersion) throw tooNew(newest, `PostgreSQL schema ${schema}`);
      for (const migration of stateMigrations) {
        if (done.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          for (const statement of migration.statements) await client.query(statement);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`state migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(migration.version);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`georoute-state:${schema}`]);
    }
  } finally {
    client.release();
  }
  return applied;
}

export function runSqliteStateMigrations(db: Database.Database, path: string): number[] {
  const applied: number[] = [];
  db.transaction(() => {
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > latestStateVersion) throw tooNew(version, path);
    for (const migration of stateMigrations) {
      if (migration.version <= version) continue;
      for (const statement of migration.statements) db.exec(statement);
      applied.push(migration.version);
    }
    db.pragma(`user_version = ${latestStateVersion}`);
  }).immediate();
  return applied;
}
