/**
 * The small SQL seam the shared-state stores (managed keys, teams, usage counters, application profiles) are
 * written against, so one implementation of each store runs on the embedded SQLite default and on PostgreSQL, and
 * one conformance suite tests both. Statements use PostgreSQL's `$1` placeholders; the SQLite adapter rewrites them.
 * Values are strings, numbers or null; integer columns may come back as strings (PostgreSQL BIGINT): read them
 * with `Number()`.
 */
import type { HealthCheck } from '../observability/dependency-health.js';

export type SqlValue = string | number | null;
export type SqlRow = Record<string, unknown>;

export interface SqlQueryable {
  query<R extends object = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
}

export interface SqlDatabase extends SqlQueryable, HealthCheck {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `work` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A unique-constraint violation (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE / PRIMARYKEY). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
