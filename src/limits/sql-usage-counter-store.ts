/**
 * Usage counters of keys and teams in the state database, one row per (subject, metric, window): what every
 * replica reads and adds to, so a limit holds as one across all of them. Requests are taken with a conditional
 * upsert (`... WHERE amount < limit`): the database row lock makes the check and the increment one step, so
 * concurrent replicas can never admit more than the limit. Tokens and spend are added after the request with
 * its real usage; the additions made in one turn of the event loop are summed per counter and written together, in
 * one statement per 100 counters, when that turn's I/O is done (`setImmediate`), so that under load a write serves
 * many requests, not one each. Until then this replica's own reads count them; another replica sees them once
 * written, as it sees any replica's additions once written. `flush` writes them at once (close calls it). A read
 * counts what is pending when it is queued; on SQLite, whose statements run one at a time in order, that is exact;
 * on PostgreSQL's pool a write running alongside a read may be missed by it, as an unbatched addition in flight
 * always could be, or, when it was still pending as the read was queued, counted twice by that read: tokens and
 * spend are checked before a request and added after it, so they are never exact to the request. Windows past
 * `keepUntil` are purged.
 */
import type { SqlDatabase } from '../state/sql-database.js';

export interface CounterKey {
  /** `key:<id>` or `team:<id>`. */
  subject: string;
  /** `requests`, `tokens`, `spend:<currency>` (micros). */
  metric: string;
  window: string;
}

export interface CounterAddition extends CounterKey {
  amount: number;
  keepUntil: number;
}

export interface LimitedRequestCounter extends CounterKey {
  limit: number;
  keepUntil: number;
}

/** Counters per statement when additions are written: 5 parameters each, far below either database's limit. */
const ROWS_PER_STATEMENT = 100;

const counterId = (k: CounterKey) => `${k.subject}\u0000${k.metric}\u0000${k.window}`;

/** `(subject = $1 AND metric = $2 AND window_start = $3) OR ...` for `count` keys, made once per count. */
const readWhere = new Map<number, string>();
function whereOf(count: number): string {
  let where = readWhere.get(count);
  if (where === undefined) {
    where = Array.from({ length: count }, (_, i) => `(subject = $${3 * i + 1} AND metric = $${3 * i + 2} AND window_start = $${3 * i + 3})`).join(' OR ');
    readWhere.set(count, where);
  }
  return where;
}

interface PendingWrite {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

export class SqlUsageCounterStore {
  /** Additions not yet handed to the database, summed per counter. */
  private pending = new Map<string, CounterAddition>();
  /** What `add` returned for the pending additions, settled when they are written. */
  private pendingWrite: PendingWrite | undefined;

  constructor(private readonly db: SqlDatabase) {}

  /**
   * Counts one request in every counter, unless one of them is at its limit: then the ones already counted are
   * given back and the index of the full one is returned. -1: counted everywhere.
   */
  async takeRequest(counters: readonly LimitedRequestCounter[]): Promise<number> {
    for (let i = 0; i < counters.length; i += 1) {
      const c = counters[i];
      const rows = await this.db.query(
        `INSERT INTO usage_counters (subject, metric, window_start, amount, expires_at) VALUES ($1, $2, $3, 1, $4)
         ON CONFLICT (subject, metric, window_start) DO UPDATE SET amount = usage_counters.amount + 1 WHERE usage_counters.amount < $5
         RETURNING amount`,
        [c.subject, c.metric, c.window, c.keepUntil, c.limit],
      );
      if (rows.length === 0) {
        for (const taken of counters.slice(0, i)) {
          await this.db.query('UPDATE usage_counters SET amount = amount - 1 WHERE subject = $1 AND metric = $2 AND window_start = $3', [taken.subject, taken.metric, taken.window]);
        }
        return i;
      }
    }
    return -1;
  }

  /** The amounts of these counters, in order (0 for a counter never written), this replica's pending additions included. */
  async read(keys: readonly CounterKey[]): Promise<number[]> {
    if (keys.length === 0) return [];
    // Taken before the query is queued: on SQLite a write of these additions can only run after it (the header
    // says what PostgreSQL's pool may do).
    const unwritten = keys.map((k) => this.pending.get(counterId(k))?.amount ?? 0);
    const params: string[] = [];
    for (const k of keys) params.push(k.subject, k.metric, k.window);
    const rows = await this.db.query<{ subject: string; metric: string; window_start: string; amount: string | number }>(
      `SELECT subject, metric, window_start, amount FROM usage_counters WHERE ${whereOf(keys.length)}`,
      params,
    );
    const found = new Map(rows.map((r) => [counterId({ subject: r.subject, metric: r.metric, window: r.window_start }), Number(r.amount)]));
    return keys.map((k, i) => (found.get(counterId(k)) ?? 0) + unwritten[i]);
  }

  /**
   * Adds to every counter, with the other additions of this turn of the event loop; resolves once they are written
   * (rejects when that write fails: they are then lost, as an addition whose statement failed always was).
   */
  add(additions: readonly CounterAddition[]): Promise<void> {
    let added = false;
    for (const a of additions) {
      if (!(a.amount > 0)) continue;
      added = true;
      const id = counterId(a);
      const sum = this.pending.get(id);
      if (sum === undefined) this.pending.set(id, { ...a });
      else {
        sum.amount += a.amount;
        sum.keepUntil = Math.max(sum.keepUntil, a.keepUntil);
      }
    }
    if (!added) return Promise.resolve();
    if (this.pendingWrite === undefined) {
      const write = {} as PendingWrite;
      write.promise = new Promise<void>((resolve, reject) => Object.assign(write, { resolve, reject }));
      this.pendingWrite = write;
      // The failure reaches every caller through `promise`; this one is only the timer's.
      setImmediate(() => this.flush().catch(() => {}));
    }
    return this.pendingWrite.promise;
  }

  /**
   * Writes the pending additions now (one statement per 100 counters) and settles what `add` returned for them;
   * resolves when they are written.
   */
  async flush(): Promise<void> {
    const write = this.pendingWrite;
    if (write === undefined) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.pendingWrite = undefined;
    try {
      const writes: Promise<unknown>[] = [];
      for (let at = 0; at < batch.length; at += ROWS_PER_STATEMENT) {
        const rows = batch.slice(at, at + ROWS_PER_STATEMENT);
        const values = rows.map((_, i) => `($${5 * i + 1}, $${5 * i + 2}, $${5 * i + 3}, $${5 * i + 4}, $${5 * i + 5})`).join(', ');
        writes.push(
          this.db.query(
            `INSERT INTO usage_counters (subject, metric, window_start, amount, expires_at) VALUES ${values}
             ON CONFLICT (subject, metric, window_start) DO UPDATE SET amount = usage_counters.amount + excluded.amount`,
            rows.flatMap((a) => [a.subject, a.metric, a.window, a.amount, a.keepUntil]),
          ),
        );
      }
      await Promise.all(writes);
    } catch (error) {
      // Every caller hears of it, even of a statement that threw before it was sent: none is left waiting.
      write.reject(error);
      throw error;
    }
    write.resolve();
  }

  async purgeExpired(now: number): Promise<void> {
    await this.db.query('DELETE FROM usage_counters WHERE expires_at < $1', [now]);
  }
}
