/**
 * One georoute gateway in a process of its own, for fair CPU and memory figures. It runs the compiled build
 * (`dist/`, what `npm start` and the package run) unless GEOROUTE_BENCH_BUILD=source asks for the TypeScript
 * sources, or GEOROUTE_BENCH_DIST another build; the bench builds `dist/` before it starts (run-bench.ts).
 * Usage: `node bin/run-ts.js bench/lib/gateway-server-process.ts CONFIG_JSON_FILE DATA_DIR [--access-log]`: the file
 * holds a configuration object in the YAML's shape; DATA_DIR receives the audit stores. With `--access-log`, the
 * gateway logs as `npm start` does (pino at `info`, synchronous writes, so one access-log line per request) but to
 * DATA_DIR/gateway.log instead of stdout; otherwise only errors.
 * With GEOROUTE_BENCH_PROFILE_FILE set, SIGUSR2 starts a V8 CPU profile and the next SIGUSR2 writes it to that file
 * (announced as `PROFILED`): a profile of the measured window only, without start-up and module loading. With
 * GEOROUTE_BENCH_PROFILE_KIND=allocations too, it is V8's sampling heap profile instead, counting the objects that
 * garbage collection took as well as those still alive: where the window allocated, not what it kept.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { destination, pino } from 'pino';
import type { LoadedConfig } from '../../src/config/loaded-config.js';
import { startMemorySamples } from './memory-samples.js';
import { announce, closeOnSignal } from './bench-process-messages.js';

type LoadConfigModule = typeof import('../../src/config/load-config.js');
type GatewayRuntimeModule = typeof import('../../src/gateway/gateway-runtime.js');

const [configFile, dataDir, ...flags] = process.argv.slice(2);
if (!configFile || !dataDir) {
  console.error('usage: gateway-server-process.ts CONFIG_JSON_FILE DATA_DIR [--access-log]');
  process.exit(2);
}
// GEOROUTE_BENCH_DIST: another build's dist/ directory (an absolute path), for A/B runs of bench/profile-gateway.ts.
const otherDist = process.env.GEOROUTE_BENCH_DIST;
const root = otherDist !== undefined ? pathToFileURL(join(otherDist, 'src')).href : process.env.GEOROUTE_BENCH_BUILD === 'source' ? '../../src' : '../../dist/src';
const { parseConfigText } = (await import(`${root}/config/load-config.js`)) as LoadConfigModule;
const { startGateway } = (await import(`${root}/gateway/gateway-runtime.js`)) as GatewayRuntimeModule;

const loaded = parseConfigText(readFileSync(configFile, 'utf8'), configFile, { env: process.env, cwd: dataDir });
const withDataDir: LoadedConfig = { ...loaded, dataDir, path: join(dataDir, 'bench-config.json'), isBundledDemo: false };
const logger = flags.includes('--access-log')
  ? pino({ level: 'info', base: { service: 'georoute' } }, destination({ dest: join(dataDir, 'gateway.log'), sync: true }))
  : pino({ level: 'error' });
const gateway = await startGateway(withDataDir, { port: 0, host: '127.0.0.1', logger });
announce('READY', { url: gateway.url, port: gateway.port, build: root.includes('dist') ? 'dist' : 'source' });
const memoryEveryMs = Number(process.env.GEOROUTE_BENCH_MEMORY_EVERY_MS ?? 0);
if (memoryEveryMs > 0) startMemorySamples(memoryEveryMs, (sample) => announce('MEMORY', sample));
closeOnSignal(() => gateway.close());

const profileFile = process.env.GEOROUTE_BENCH_PROFILE_FILE;
if (profileFile !== undefined) {
  const session = new Session();
  session.connect();
  let profiling = false;
  const allocations = process.env.GEOROUTE_BENCH_PROFILE_KIND === 'allocations';
  process.on('SIGUSR2', () => {
    const toggle = async () => {
      if (!profiling) {
        profiling = true;
        if (allocations) {
          await session.post('HeapProfiler.enable');
          // Every 1 KB allocated on average, the collected objects kept in the profile.
          await session.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
        } else {
          await session.post('Profiler.enable');
          await session.post('Profiler.start');
        }
        announce('PROFILING', {});
        return;
      }
      profiling = false;
      const { profile } = allocations ? await session.post('HeapProfiler.stopSampling') : await session.post('Profiler.stop');
      // Written under another name and renamed: the profiler's reader waits for the file to exist, never a half of it.
      writeFileSync(`${profileFile}.partial`, JSON.stringify(profile));
      renameSync(`${profileFile}.partial`, profileFile);
      announce('PROFILED', { file: profileFile });
    };
    toggle().catch((error: unknown) => announce('PROFILE_FAILED', { message: String(error) }));
  });
}
