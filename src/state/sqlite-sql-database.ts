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

/** A statement in SQLite's `?` form, and which of the caller's parameters goes to each `?`, in order. */
interface SqliteForm {
  text: string;
  order: number[];
}

/** `$1 ... $n` -> `?`, noting the parameters in the order they appear (a parameter may appear twice). */
function toSqliteForm(sql: string): SqliteForm {
  const order: number[] = [];
  const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
    order.push(Number(n) - 1);
    return '?';
  });
  return { text, order };
}

export function openSqliteSqlDatabase(path: string): SqlDatabase & { readonly raw: Database.Database } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Each distinct statement text is rewritten and prepared once: the usage counters run three on every request.
  const statements = new Map<string, { form: SqliteForm; statement: Database.Statement }>();
  const run = <R extends object = SqlRow>(sql: string, params: readonly SqlValue[] = []): R[] => {
    let prepared = statements.get(sql);
    if (prepared === undefined) {
      const form = toSqliteForm(sql);
      prepared = { form, statement: db.prepare(form.text) };
      statements.set(sql, prepared);
    }
    const { form, statement } = prepared;
    const values = form.order.map((at) => params[at] ?? null);
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
