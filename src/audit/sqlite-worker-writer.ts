/**
 * The writes of a SQLite audit store, run on a worker thread of their own (sqlite-writer-worker.js): the main
 * thread links the records (canonical JSON, hashes, sequence numbers) onto the committed tip and decides the
 * checkpoint, then the worker commits them in one transaction and replies. The event loop keeps serving while the
 * worker waits for the fsync; `append` resolves only once the worker reported the commit.
 * Writes run one at a time, in call order (the chain is linear), and each is linked onto the tip the previous one
 * left. The worker refuses a batch whose tip moved (another writer on the file), so nothing links onto a stale tip.
 * A worker that died is replaced on the next write.
 */
import { Worker } from 'node:worker_threads';
import type { AuditRecord } from './audit-record.js';
import type { AuditCheckpoint, ChainCheckpointer } from './audit-checkpoint.js';
import { EMPTY_CHAIN_TIP, type ChainTip } from './audit-chain-hash.js';
import { linkAuditRecords } from './link-audit-records.js';
import type { AppendResult } from './audit-store-contract.js';
import { insertCheckpointSql, insertRecordSql, selectTipSql } from './sqlite-audit-sql.js';
import type { SqliteSynchronous } from './sqlite-audit-store.js';
import type {
  SqliteCheckpointRow,
  SqliteRecordRow,
  SqliteWriteRequest,
  SqliteWriterReply,
  SqliteWriterRequest,
  SqliteWriterWorkerData,
} from './sqlite-writer-messages.js';

/** The write side of a SQLite audit store (inline on the event loop, or on a worker thread). */
export interface SqliteAuditWriter {
  append(records: readonly AuditRecord[], checkpointer?: ChainCheckpointer): Promise<AppendResult>;
  checkpoint(checkpointer: ChainCheckpointer, force: boolean): Promise<AuditCheckpoint | undefined>;
  /** Waits for the writes already asked for, then stops the writer. */
  close(): Promise<void>;
}

export interface SqliteWorkerWriterOptions {
  path: string;
  region: string;
  synchronous: SqliteSynchronous;
  /** Read the committed state (on the store's main-thread connection). */
  currentTip(): ChainTip;
  lastCheckpoint(): AuditCheckpoint | undefined;
}

const workerUrl = new URL('./sqlite-writer-worker.js', import.meta.url);

export function createSqliteWorkerWriter(options: SqliteWorkerWriterOptions): SqliteAuditWriter {
  const { path, region, currentTip, lastCheckpoint } = options;
  const workerData: SqliteWriterWorkerData = {
    path,
    synchronous: options.synchronous,
    selectTipSql,
    insertRecordSql,
    insertCheckpointSql,
    emptyTip: EMPTY_CHAIN_TIP,
  };
  let worker: Worker | undefined;
  let nextId = 1;
  const inFlight = new Map<number, { resolve(): void; reject(error: Error): void }>();
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const failAll = (error: Error): void => {
    for (const pending of inFlight.values()) pending.reject(error);
    inFlight.clear();
  };

  const spawn = (): Worker => {
    // execArgv []: the test runner's `--import tsx` is not needed (nor wanted) in a plain-JavaScript worker.
    const created = new Worker(workerUrl, { workerData, execArgv: [] });
    created.unref();
    created.on('message', (reply: SqliteWriterReply) => {
      const pending = inFlight.get(reply.id);
      if (!pending) return;
      inFlight.delete(reply.id);
      if (inFlight.size === 0) created.unref();
      if (reply.ok) pending.resolve();
      else pending.reject(new Error(`audit commit to ${path} failed: ${reply.error}`));
    });
    created.on('error', (error) => {
      if (worker === created) worker = undefined;
      failAll(new Error(`the audit writer of ${path} failed: ${error.message}`));
    });
    created.on('exit', (code) => {
      if (worker === created) worker = undefined;
      failAll(new Error(`the audit writer of ${path} exited (code ${code}) before committing`));
    });
    return created;
  };

  const send = (request: Omit<SqliteWriteRequest, 'type' | 'id'>): Promise<void> => {
    const target = (worker ??= spawn());
    const id = nextId++;
    return new Promise<void>((resolve, reject) => {
      inFlight.set(id, { resolve, reject });
      target.ref(); // a commit in flight keeps the process alive; an idle writer does not
      const message: SqliteWriterRequest = { type: 'write', id, ...request };
      target.postMessage(message);
    });
  };

  /** Runs writes one at a time, in call order, each after the previous one committed or failed. */
  const serialized = <R>(write: () => Promise<R>): Promise<R> => {
    if (closed) return Promise.reject(new Error(`the audit store ${path} is closed`));
    const run = queue.then(write);
    queue = run.catch(() => undefined);
    return run;
  };

  const checkpointRow = (c: AuditCheckpoint | undefined): SqliteCheckpointRow | undefined =>
    c ? [c.sequence, c.hash, c.time, c.signature] : undefined;

  return {
    append(records, checkpointer) {
      return serialized(async () => {
        const expectedTip = currentTip();
        const rows = linkAuditRecords(expectedTip, records);
        const links = rows.map((r) => ({ sequence: r.sequence, hash: r.hash }));
        const newTip = links[links.length - 1] ?? expectedTip;
        const checkpoint = checkpointer?.next(region, newTip, lastCheckpoint(), Date.now(), false);
        const sqlRows = rows.map((r): SqliteRecordRow => {
          const c = r.columns;
          return [r.sequence, c.eventTime, c.inferenceRegion, c.profileId, c.identity, c.outcome, r.recordJson, r.prevHash, r.hash];
        });
        await send({ expectedTip, rows: sqlRows, checkpoint: checkpointRow(checkpoint) });
        return { links, checkpoint };
      });
    },
    checkpoint(checkpointer, force) {
      return serialized(async () => {
        const tip = currentTip();
        const checkpoint = checkpointer.next(region, tip, lastCheckpoint(), Date.now(), force);
        if (checkpoint) await send({ expectedTip: tip, rows: [], checkpoint: checkpointRow(checkpoint) });
        return checkpoint;
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await queue;
      const stopping = worker;
      worker = undefined;
      if (!stopping) return;
      const exited = new Promise<void>((resolve) => stopping.once('exit', () => resolve()));
      stopping.ref();
      const message: SqliteWriterRequest = { type: 'close' };
      stopping.postMessage(message);
      await exited;
    },
  };
}
