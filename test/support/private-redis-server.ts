/**
 * A redis-server of a test's own, on a free loopback port, without persistence (a restart forgets everything,
 * as a Redis without AOF/RDB does). Fault tests kill and restart THIS instance by its pid, never the shared one.
 * Not a test file itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';

export interface PrivateRedisServer {
  readonly port: number;
  readonly url: string;
  /** The pid of the running server (changes with each `restart`). */
  readonly pid: number;
  /** SIGKILL, as a crash: no shutdown save, clients see their connections reset. */
  kill(): Promise<void>;
  /** Starts a fresh, empty server on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startPrivateRedisServer(): Promise<PrivateRedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined = await spawnRedis(port);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      if (child?.pid === undefined) throw new Error('the private redis-server is not running');
      return child.pid;
    },
    async kill() {
      if (child) await stop(child);
      child = undefined;
    },
    async restart() {
      if (child) await stop(child);
      child = await spawnRedis(port);
    },
    async close() {
      if (child) await stop(child);
      child = undefined;
    },
  };
}

function spawnRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${stderr.trim()}`)));
    // Ready once it accepts a connection and answers PING.
    const probe = async (): Promise<void> => {
      for (let i = 0; i < 100; i++) {
        if (await answersPing(port)) return resolve(child);
        await new Promise((r) => setTimeout(r, 50));
      }
      child.kill('SIGKILL');
      reject(new Error(`redis-server on port ${port} did not start`));
    };
    void probe();
  });
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
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
