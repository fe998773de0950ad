/**
 * Memory samples of the process it runs in, for the soak scenario: every `everyMs`, a full GC, then RSS and V8's
 * view (heap used after GC, external memory, ArrayBuffers, what V8 itself malloc'ed). What RSS holds beyond those is
 * native memory outside V8 (glibc malloc arenas, SQLite's page cache, TLS, libuv).
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface MemorySample {
  /** Seconds since sampling started. */
  t: number;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  v8MallocedMb: number;
}

const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 100) / 100;

/** A full garbage collection, available without starting node with --expose-gc. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export function startMemorySamples(everyMs: number, report: (sample: MemorySample) => void): () => void {
  const gc = collector();
  const started = performance.now();
  const take = () => {
    gc();
    const usage = process.memoryUsage();
    report({
      t: Math.round((performance.now() - started) / 100) / 10,
      rssMb: mb(usage.rss),
      heapUsedMb: mb(usage.heapUsed),
      heapTotalMb: mb(usage.heapTotal),
      externalMb: mb(usage.external),
      arrayBuffersMb: mb(usage.arrayBuffers),
      v8MallocedMb: mb(getHeapStatistics().malloced_memory),
    });
  };
  take();
  const timer = setInterval(take, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
