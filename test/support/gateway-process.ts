/**
 * Runs `georoute serve` in its own process, as an operator would, so a test can kill it (SIGKILL) and inspect what
 * it left on disk and what it logged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';

const CLI = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../../scripts/georoute-dev.js');

export interface GatewayProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Writes the configuration object as YAML into `dir` and returns its path. */
export function writeConfigFile(dir: string, config: Record<string, unknown>): string {
  const path = join(dir, 'georoute.yaml');
  writeFileSync(path, stringify(config));
  return path;
}

export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

export function startGatewayProcess(configPath: string, env: NodeJS.ProcessEnv = {}): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--config', configPath, '--port', '0'], {
    env: { ...process.env, GEOROUTE_LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((done, fail) => {
    // Generous: on a loaded shared machine a tsx start-up alone can take tens of seconds. On time-out the child is
    // killed, so a test that gives up never leaves a gateway behind that keeps the test process alive.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`gateway did not start within 60 s:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /georoute is serving on (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        done({
          url: match[1],
          child,
          output: () => output,
          kill: (signal = 'SIGTERM') =>
            new Promise<void>((exited) => {
              if (child.exitCode !== null || child.signalCode !== null) return exited();
              child.once('exit', () => exited());
              child.kill(signal);
            }),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`gateway exited with ${code} before serving:\n${output}`));
    });
  });
}
