/**
 * A PostgreSQL instance of a test's own: initdb into a temporary directory (Debian's binaries under
 * /usr/lib/postgresql/<version>/bin), trust authentication, loopback on a free port, fsync off. Fault tests stop,
 * freeze (SIGSTOP) and restart THIS instance by its postmaster pid, never the shared one on 5432. As root, the
 * server runs as the `postgres` user (initdb refuses root). Not a test file itself.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivatePostgresServer {
  readonly port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  /** The postmaster's pid (changes with each start). */
  readonly pid: number;
  /** Fast shutdown (SIGINT to the postmaster, as `pg_ctl -m fast stop`): sessions are terminated. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP to the postmaster and its backends: connections stay open and nothing answers. */
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

/** The bin directory of the newest installed PostgreSQL, or undefined (tests skip). */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

export async function startPrivatePostgresServer(): Promise<PrivatePostgresServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'georoute-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, uidOf('postgres'), gidOf('postgres'));
  const run = (command: string, args: string[]): void => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args];
    const result = spawnSync(file, argv, { encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '--no-instructions']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40 -c shared_buffers=16MB`;
  const start = async (): Promise<void> => run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  const postmasterPid = (): number => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let pid: number | undefined;
  let frozen = false;
  await start();
  pid = postmasterPid();
  const signalAll = (signal: NodeJS.Signals) => {
    if (pid === undefined) return;
    for (const child of childrenOf(pid)) process.kill(child, signal);
    process.kill(pid, signal);
  };
  const server: PrivatePostgresServer = {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    get pid() {
      if (pid === undefined) throw new Error('the private PostgreSQL is not running');
      return pid;
    },
    async stop() {
      if (pid === undefined) return;
      if (frozen) server.thaw();
      process.kill(pid, 'SIGINT');
      await waitForExit(pid);
      pid = undefined;
    },
    async start() {
      if (pid !== undefined) return;
      await start();
      pid = postmasterPid();
    },
    freeze() {
      signalAll('SIGSTOP');
      frozen = true;
    },
    thaw() {
      signalAll('SIGCONT');
      frozen = false;
    },
    async close() {
      if (pid !== undefined) {
        if (frozen) server.thaw();
        process.kill(pid, 'SIGQUIT');
        await waitForExit(pid);
        pid = undefined;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

function childrenOf(pid: number): number[] {
  const out = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).stdout;
  return out.split('\n').map((l) => Number(l.trim())).filter((n) => n > 0);
}

async function waitForExit(pid: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`PostgreSQL (pid ${pid}) did not exit`);
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}

function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
