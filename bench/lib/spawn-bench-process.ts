/**
 * Starts one bench server or client in a process of its own (`node bin/run-ts.js FILE ARGS`, or with `compiled`
 * `node .bench-build/lib/FILE.js ARGS`: see compile-bench-process.ts), optionally pinned to CPUs with taskset. The
 * child announces itself with one stdout line `READY <json>`; clients end with a line `RESULT <json>`. Other
 * `<WORD> <json>` lines are passed to `onMessage` (progress). The child's side is bench-process-messages.ts.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { compileBenchProcess } from './compile-bench-process.js';
import { processCpuSeconds, processPeakRssMb } from './proc-stats.js';

export interface BenchProcessOptions {
  /** A TypeScript file under bench/, relative to the repository root. */
  file: string;
  args?: readonly string[];
  /** CPU list for taskset, e.g. "0" or "1". Ignored when taskset is missing. */
  cpus?: string;
  nodeArgs?: readonly string[];
  /**
   * Run the file as plain JavaScript on `node` alone (no tsx in the process), for the servers whose CPU and memory
   * are measured. The file and what it imports must stay inside bench/lib/ (TypeScript of src/ needs tsx).
   */
  compiled?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Give up waiting for READY after this long. Default 30 s. */
  readyTimeoutMs?: number;
  onMessage?: (kind: string, payload: unknown) => void;
}

export interface BenchProcess<Ready = unknown> {
  pid: number;
  ready: Ready;
  /** Resolves with the payload of the `RESULT` line (clients), rejects when the process exits without one. */
  result<T>(): Promise<T>;
  cpuSeconds(): number | undefined;
  peakRssMb(): number | undefined;
  stop(): Promise<void>;
}

let tasksetAvailable: boolean | undefined;
export function hasTaskset(): boolean {
  if (tasksetAvailable === undefined) {
    tasksetAvailable = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  }
  return tasksetAvailable;
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function spawnBenchProcess<Ready = unknown>(options: BenchProcessOptions): Promise<BenchProcess<Ready>> {
  const script = options.compiled ? [compileBenchProcess(options.file)] : ['bin/run-ts.js', options.file];
  const nodeCommand = [process.execPath, ...(options.nodeArgs ?? []), ...script, ...(options.args ?? [])];
  const pinned = options.cpus !== undefined && hasTaskset();
  const [command, ...args] = pinned ? ['taskset', '-c', options.cpus as string, ...nodeCommand] : nodeCommand;
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  let resolveResult: (value: unknown) => void = () => undefined;
  let rejectResult: (error: Error) => void = () => undefined;
  const resultPromise = new Promise<unknown>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  resultPromise.catch(() => undefined);
  const ready = new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${options.file} did not start within ${options.readyTimeoutMs ?? 30_000} ms: ${stderr}`)), options.readyTimeoutMs ?? 30_000);
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const space = line.indexOf(' ');
      const kind = space === -1 ? line : line.slice(0, space);
      if (!/^[A-Z_]+$/.test(kind)) return;
      let payload: unknown;
      try {
        payload = space === -1 ? undefined : JSON.parse(line.slice(space + 1));
      } catch {
        return;
      }
      if (kind === 'READY') {
        clearTimeout(timer);
        resolve(payload as Ready);
      } else if (kind === 'RESULT') {
        resolveResult(payload);
      } else {
        options.onMessage?.(kind, payload);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const error = new Error(`${options.file} exited (${code ?? signal}): ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
      reject(error);
      rejectResult(error);
    });
  });
  const readyPayload = await ready;
  const pid = child.pid as number;
  return {
    pid,
    ready: readyPayload,
    result: <T>() => resultPromise as Promise<T>,
    cpuSeconds: () => processCpuSeconds(pid),
    peakRssMb: () => processPeakRssMb(pid),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitOf(child);
      clearTimeout(killer);
    },
  };
}
