/**
 * The SqlDatabase on PostgreSQL (`state.store: postgres`): a pool whose connections use the state schema as their
 * search path, with bounds on connecting and on every statement (server and client side), so a frozen or absent
 * database fails a request's limit check or an admin call quickly instead of hanging it.
 */
import pg from 'pg';
import { describeFailure } from '../observability/dependency-health.js';
import type { SqlDatabase, SqlQueryable, SqlRow } from './sql-database.js';

export interface PostgresStateOptions {
  url: string;
  schema: string;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  max?: number;
  onError?: (error: Error) => void;
}

export function createPostgresStatePool(options: PostgresStateOptions): pg.Pool {
  if (!/^[a-z][a-z0-9_]*$/.test(options.schema) || options.schema.length > 63) {
    throw new Error(`state.postgres.schema: "${options.schema}" is not a usable schema name (lower-case, digits, "_", at most 63 characters)`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 8,
    connectionTimeoutMillis: options.connectTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    query_timeout: options.statementTimeoutMs,
    idle_in_transaction_session_timeout: 2 * options.statementTimeoutMs,
    keepAlive: true,
    options: `-c search_path=${options.schema}`,
  });
  pool.on('error', options.onError ?? (() => undefined));
  return pool;
}

export function postgresSqlDatabase(pool: pg.Pool): SqlDatabase {
  const on = (client: pg.Pool | pg.PoolClient): SqlQueryable => ({
    query: async <R extends object = SqlRow>(sql: string, params: readonly (string | number | null)[] = []) => (await client.query(sql, [...params])).rows as R[],
  });
  return {
    dialect: 'postgres',
    ...on(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async checkHealth() {
      try {
        await pool.query('SELECT 1');
        return { ready: true };
      } catch (error) {
        return { ready: false, detail: `state database: ${describeFailure(error)}` };
      }
    },
    close: () => pool.end(),
  };
}
