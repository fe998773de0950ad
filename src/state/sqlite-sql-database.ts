/**
 * The SqlDatabase on embedded SQLite (better-sqlite3, WAL). Calls are synchronous underneath; a queue keeps a
 * transaction's statements together (no other statement runs between them). Transactions (key and team changes:
 * a revocation must survive a power cut) commit with synchronous FULL; single statements (usage counters, on
 * every request) with NORMAL: in WAL mode that cannot corrupt the file, and a power cut loses at most the last
 * counter increments, never a key change, while sparing every request an fsync. Several processes may
 * open the same file (the CLI beside a running gateway): SQLite's own locking and `busy_timeout` serialise them.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SqlDatabase, SqlQueryable, SqlRow, SqlValue } from './sql-database.js';

/** `$1 ... $n` -> `?` with the parameters in the order they appear (a parameter may appear twice). */
function toSqlite(sql: string, params: readonly SqlValue[]): { text: string; values: SqlValue[] } {
  const values: SqlValue[] = [];
  const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
    values.push(params[Number(n) - 1] ?? null);
    return '?';
  });
  return { text, values };
}

export function openSqliteSqlDatabase(path: string): SqlDatabase & { readonly raw: Database.Database } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const statements = new Map<string, Database.Statement>();
  const run = <R extends object = SqlRow>(sql: string, params: readonly SqlValue[] = []): R[] => {
    const { text, values } = toSqlite(sql, params);
    let statement = statements.get(text);
    if (statement === undefined) {
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement.reader ? (statement.all(...values) as R[]) : (statement.run(...values), []);
  };
  let queue: Promise<unknown> = Promise.resolve();
  const serialised = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work, work);
    queue = result.catch(() => undefined);
    return result;
  };
  const direct: SqlQueryable = { query: async <R extends object = SqlRow>(sql: string, params?: readonly SqlValue[]) => run<R>(sql, params) };
  return {
    dialect: 'sqlite',
    raw: db,
    query: <R extends object = SqlRow>(sql: string, params?: readonly SqlValue[]) => serialised(async () => run<R>(sql, params)),
    transaction: (work) =>
      serialised(async () => {
        db.pragma('synchronous = FULL');
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(direct);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        } finally {
          db.pragma('synchronous = NORMAL');
        }
      }),
    checkHealth: async () => ({ ready: db.open }),
    close: async () => {
      await queue;
      if (db.open) db.close();
    },
  };
}
