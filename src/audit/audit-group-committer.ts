/**
 * Group commit for one store: concurrent `submit` calls share one transaction, and a store never runs two commits
 * at once (its chain is linear), so records keep gathering while a commit is in flight.
 * - Idle (the last transaction held a single record, or none yet): commit in the next turn of the event loop,
 *   together with whatever else arrived in this one. A lone caller never waits for company.
 * - Under load (the last transaction held several records): start the next transaction `maxDelayMs` after the
 *   previous one started, or at once when `maxBatch` records are waiting.
 * Each submit resolves only once its transaction committed, or rejects with that transaction's error.
 */

export interface GroupCommitterOptions<T, R> {
  maxBatch: number;
  maxDelayMs: number;
  /** Commits the items in one transaction; resolves with one result per item, in order. */
  commit(items: readonly T[]): Promise<readonly R[]>;
}

export interface GroupCommitter<T, R> {
  submit(item: T): Promise<R>;
  /** Resolves once everything submitted so far is committed (or failed). */
  drain(): Promise<void>;
  /** Number of transactions committed, for tests and measurements. */
  readonly commits: number;
}

interface Pending<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export function createGroupCommitter<T, R>(options: GroupCommitterOptions<T, R>): GroupCommitter<T, R> {
  const { maxBatch, maxDelayMs } = options;
  let queue: Pending<T, R>[] = [];
  let running: Promise<void> | undefined;
  let timer: { cancel(): void } | undefined;
  let lastCommitStart = -Infinity;
  let lastBatchSize = 0;
  let commits = 0;

  const schedule = (): void => {
    if (running || timer || queue.length === 0) return;
    const underLoad = lastBatchSize > 1;
    const wait = queue.length >= maxBatch || !underLoad ? 0 : lastCommitStart + maxDelayMs - performance.now();
    if (wait <= 0) {
      const handle = setImmediate(start);
      timer = { cancel: () => clearImmediate(handle) };
    } else {
      const handle = setTimeout(start, wait);
      timer = { cancel: () => clearTimeout(handle) };
    }
  };

  const start = (): void => {
    timer = undefined;
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    lastCommitStart = performance.now();
    lastBatchSize = batch.length;
    running = commitBatch(batch).finally(() => {
      running = undefined;
      schedule();
    });
  };

  const commitBatch = async (batch: Pending<T, R>[]): Promise<void> => {
    try {
      const results = await options.commit(batch.map((p) => p.item));
      commits += 1;
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  };

  return {
    submit(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (queue.length === maxBatch && timer) {
          timer.cancel();
          timer = undefined;
        }
        schedule();
      });
    },
    async drain() {
      while (running || timer || queue.length > 0) {
        await (running ?? new Promise((resolve) => setTimeout(resolve, 1)));
      }
    },
    get commits() {
      return commits;
    },
  };
}
