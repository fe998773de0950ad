/**
 * Runs the load generator (pinned to the client CPU) against one URL and reads the CPU time the watched server
 * processes spent during the measured part of the run (after the warm-up), from /proc.
 */
import type { LoadResult, LoadSpec } from './load-generator-process.js';
import { spawnBenchProcess, type BenchProcess } from './spawn-bench-process.js';

export const SERVER_CPUS = '0';
export const CLIENT_CPUS = '1';

export interface MeasuredLoad extends LoadResult {
  /** Server CPU time per successful request, in microseconds, per watched process name. */
  cpuMicrosPerRequest: Record<string, number>;
}

export interface MeasureHooks {
  /** Called when the measured part starts (after the warm-up) and when it ends. */
  atStart?: () => void;
  atEnd?: () => void;
}

export async function measureLoad(spec: LoadSpec, watched: Record<string, BenchProcess>, hooks: MeasureHooks = {}): Promise<MeasuredLoad> {
  const before: Record<string, number | undefined> = {};
  const snapshot = (into: Record<string, number | undefined>) => {
    for (const [name, process] of Object.entries(watched)) into[name] = process.cpuSeconds();
  };
  const generator = await spawnBenchProcess({
    file: 'bench/lib/load-generator-process.ts',
    args: [JSON.stringify(spec)],
    cpus: CLIENT_CPUS,
    onMessage: (kind) => {
      if (kind === 'MEASURING') {
        snapshot(before);
        hooks.atStart?.();
      }
    },
  });
  const result = await generator.result<LoadResult>();
  const after: Record<string, number | undefined> = {};
  snapshot(after);
  hooks.atEnd?.();
  await generator.stop();
  const cpuMicrosPerRequest: Record<string, number> = {};
  for (const name of Object.keys(watched)) {
    const start = before[name];
    const end = after[name];
    if (start !== undefined && end !== undefined && result.ok > 0) cpuMicrosPerRequest[name] = ((end - start) * 1e6) / result.ok;
  }
  return { ...result, cpuMicrosPerRequest };
}
