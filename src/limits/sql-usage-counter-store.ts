/**
 * Usage counters of keys and teams in the state database, one row per (subject, metric, window): what every
 * replica reads and adds to, so a limit holds as one across all of them. Requests are taken with a conditional
 * upsert (`... WHERE amount < limit`): the database row lock makes the check and the increment one step, so
 * concurrent replicas can never admit more than the limit. Tokens and spend are added after the request with
 * its real usage. Windows past `keepUntil` are purged.
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

export class SqlUsageCounterStore {
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

  /** The amounts of these counters, in order (0 for a counter never written). */
  async read(keys: readonly CounterKey[]): Promise<number[]> {
    if (keys.length === 0) return [];
    const where = keys.map((_, i) => `(subject = $${3 * i + 1} AND metric = $${3 * i + 2} AND window_start = $${3 * i + 3})`).join(' OR ');
    const rows = await this.db.query<{ subject: string; metric: string; window_start: string; amount: string | number }>(
      `SELECT subject, metric, window_start, amount FROM usage_counters WHERE ${where}`,
      keys.flatMap((k) => [k.subject, k.metric, k.window]),
    );
    const found = new Map(rows.map((r) => [`${r.subject}\u0000${r.metric}\u0000${r.window_start}`, Number(r.amount)]));
    return keys.map((k) => found.get(`${k.subject}\u0000${k.metric}\u0000${k.window}`) ?? 0);
  }

  /** Adds to every counter in one statement. */
  async add(additions: readonly CounterAddition[]): Promise<void> {
    const positive = additions.filter((a) => a.amount > 0);
    if (positive.length === 0) return;
    const values = positive.map((_, i) => `($${5 * i + 1}, $${5 * i + 2}, $${5 * i + 3}, $${5 * i + 4}, $${5 * i + 5})`).join(', ');
    await this.db.query(
      `INSERT INTO usage_counters (subject, metric, window_start, amount, expires_at) VALUES ${values}
       ON CONFLICT (subject, metric, window_start) DO UPDATE SET amount = usage_counters.amount + excluded.amount`,
      positive.flatMap((a) => [a.subject, a.metric, a.window, a.amount, a.keepUntil]),
    );
  }

  async purgeExpired(now: number): Promise<void> {
    await this.db.query('DELETE FROM usage_counters WHERE expires_at < $1', [now]);
  }
}
