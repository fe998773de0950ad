/**
 * Keeps a replica's in-memory view of the shared state current: every `refreshMs` it reads the state revision
 * (one indexed single-row read) and, when it moved, lets each listener fetch what changed since the revision it
 * last applied. A change made on any replica is therefore applied on every other within `refreshMs` plus one
 * round trip (the revocation bound of docs/operations.md). A failed refresh keeps the last view, is reported,
 * and is retried on the next tick: a key stays revoked once applied, and nothing is reverted by an outage.
 */
import { readStateRevision } from '../keys/sql-key-store.js';
import type { SqlDatabase } from './sql-database.js';

export interface StateListener {
  /** Apply every change after `fromRevision` (-1: load everything). */
  apply(fromRevision: number): Promise<void>;
}

export interface StateRefresher {
  /** One refresh now (start-up, tests, and the replica that made a change). */
  refresh(): Promise<void>;
  readonly revision: number;
  close(): void;
}

export function startStateRefresher(db: SqlDatabase, listeners: readonly StateListener[], refreshMs: number, onError: (error: unknown) => void): StateRefresher {
  let applied = -1;
  let running: Promise<void> | undefined;
  const refreshOnce = async () => {
    const revision = await readStateRevision(db);
    if (revision === applied) return;
    for (const listener of listeners) await listener.apply(applied);
    applied = revision;
  };
  const refresh = () => {
    running ??= refreshOnce().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => void refresh().catch(onError), refreshMs);
  timer.unref();
  return {
    refresh,
    get revision() {
      return applied;
    },
    close: () => clearInterval(timer),
  };
}
