/**
 * Installs the Portkey gateway under bench/portkey on first use (its package.json pins @hono/node-server 1.14.1
 * through npm `overrides`: with >= 1.14.2 its streaming answers HTTP 500, Portkey issue #1389).
 * Returns an explanation when it cannot be installed, so the bench skips Portkey and says why.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export const PORTKEY_ENTRY = 'bench/portkey/node_modules/@portkey-ai/gateway/build/start-server.js';

export interface PortkeyInstall {
  available: boolean;
  version?: string;
  honoNodeServerVersion?: string;
  reason?: string;
}

function versionOf(packageJson: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

export function ensurePortkey(log: (line: string) => void): PortkeyInstall {
  if (!existsSync(PORTKEY_ENTRY)) {
    log('installing @portkey-ai/gateway into bench/portkey (first run) ...');
    const install = spawnSync('npm', ['install', '--prefix', 'bench/portkey', '--no-audit', '--no-fund'], { encoding: 'utf8', timeout: 180_000 });
    if (install.status !== 0 || !existsSync(PORTKEY_ENTRY)) {
      const detail = (install.stderr || install.error?.message || '').trim().split('\n').slice(-2).join(' ');
      return { available: false, reason: `npm install --prefix bench/portkey failed: ${detail || `exit ${install.status}`}` };
    }
  }
  return {
    available: true,
    version: versionOf('bench/portkey/node_modules/@portkey-ai/gateway/package.json'),
    honoNodeServerVersion: versionOf('bench/portkey/node_modules/@hono/node-server/package.json'),
  };
}
