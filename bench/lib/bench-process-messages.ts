/**
 * The child's side of spawn-bench-process.ts: the protocol lines a bench process prints (`READY <json>`,
 * `RESULT <json>`, progress) and its shutdown on a signal. Kept apart from the spawner so that a measured process
 * loads nothing of the parent's (the spawner compiles with TypeScript).
 */

/** For child processes: print one protocol line. */
export function announce(kind: string, payload: unknown): void {
  process.stdout.write(`${kind} ${JSON.stringify(payload)}\n`);
}

/** For server child processes: run `close` on SIGTERM/SIGINT, then exit (so --cpu-prof writes its file). */
export function closeOnSignal(close: () => Promise<void>): void {
  const stop = () => {
    close().catch(() => undefined).finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
