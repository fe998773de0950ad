/**
 * One georoute gateway in a process of its own, for fair CPU and memory figures.
 * Usage: `node bin/run-ts.js bench/lib/gateway-server-process.ts CONFIG_JSON_FILE DATA_DIR`: the file holds a
 * configuration object in the YAML's shape; DATA_DIR receives the audit stores.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { parseConfigText } from '../../src/config/load-config.js';
import type { LoadedConfig } from '../../src/config/loaded-config.js';
import { startGateway } from '../../src/gateway/gateway-runtime.js';
import { startMemorySamples } from './memory-samples.js';
import { announce, closeOnSignal } from './spawn-bench-process.js';

const [configFile, dataDir] = process.argv.slice(2);
if (!configFile || !dataDir) {
  console.error('usage: gateway-server-process.ts CONFIG_JSON_FILE DATA_DIR');
  process.exit(2);
}
const loaded = parseConfigText(readFileSync(configFile, 'utf8'), configFile, { env: process.env, cwd: dataDir });
const withDataDir: LoadedConfig = { ...loaded, dataDir, path: join(dataDir, 'bench-config.json'), isBundledDemo: false };
const gateway = await startGateway(withDataDir, { port: 0, host: '127.0.0.1', logger: pino({ level: 'error' }) });
announce('READY', { url: gateway.url, port: gateway.port });
const memoryEveryMs = Number(process.env.GEOROUTE_BENCH_MEMORY_EVERY_MS ?? 0);
if (memoryEveryMs > 0) startMemorySamples(memoryEveryMs, (sample) => announce('MEMORY', sample));
closeOnSignal(() => gateway.close());
