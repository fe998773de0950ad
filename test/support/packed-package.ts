/**
 * Builds georoute (`npm run build`, incremental), packs it as `npm pack` publishes it and installs the tarball into a
 * fresh directory the way a user does (`npm install ./georoute-X.tgz`), so tests run the package and not the
 * repository. Dependencies come from npm's cache where it has them (`--prefer-offline`). Install scripts are off to
 * keep this fast: better-sqlite3's native addon is copied from this repository's build when the versions match
 * (same Node ABI), and built with `npm rebuild` when they do not.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface InstalledPackage {
  /** Paths inside the tarball (without the `package/` prefix). */
  files: string[];
  /** The consumer project: package.json and node_modules/. */
  appDir: string;
  /** node_modules/georoute inside appDir. */
  packageDir: string;
  remove(): void;
}

function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

function packageVersion(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

function provideSqliteAddon(appDir: string): void {
  const installed = join(appDir, 'node_modules/better-sqlite3');
  const repo = join(REPO_ROOT, 'node_modules/better-sqlite3');
  const addon = 'build/Release/better_sqlite3.node';
  if (packageVersion(installed) === packageVersion(repo) && existsSync(join(repo, addon))) {
    mkdirSync(dirname(join(installed, addon)), { recursive: true });
    copyFileSync(join(repo, addon), join(installed, addon));
  } else {
    run('npm', ['rebuild', 'better-sqlite3'], appDir);
  }
}

export function buildPackAndInstall(): InstalledPackage {
  run(process.execPath, ['scripts/build.js'], REPO_ROOT);
  const scratch = mkdtempSync(join(tmpdir(), 'georoute-packed-'));
  const packed = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], REPO_ROOT)) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const [{ filename, files }] = packed;
  const appDir = join(scratch, 'app');
  mkdirSync(appDir);
  writeFileSync(join(appDir, 'package.json'), JSON.stringify({ name: 'georoute-consumer', private: true, type: 'module' }));
  run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', join(scratch, filename)], appDir);
  provideSqliteAddon(appDir);
  return {
    files: files.map((f) => f.path),
    appDir,
    packageDir: join(appDir, 'node_modules/georoute'),
    remove: () => rmSync(scratch, { recursive: true, force: true }),
  };
}

export interface ServingProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Spawns a command that prints "georoute is serving on URL" and waits for that line. */
export function startServing(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<ServingProcess> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`not serving after 30 s:\n${output}`));
    }, 30_000);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /georoute is serving on (\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      done({
        url: match[1],
        child,
        output: () => output,
        stop: () =>
          new Promise((exited) => {
            if (child.exitCode !== null || child.signalCode !== null) return exited(child.exitCode);
            child.once('exit', (code) => exited(code));
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`exited with ${code} before serving:\n${output}`));
    });
  });
}

/** The environment of a user's shell: no GEOROUTE_CONFIG, no npm_* variables of the test run. */
export function cleanEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('npm_') && !name.startsWith('GEOROUTE_') && name !== 'PORT' && name !== 'NODE_OPTIONS') env[name] = value;
  }
  return { ...env, ...extra };
}
