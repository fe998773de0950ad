/**
 * Starting the bench's server processes, each pinned to the server CPU: the mock upstream, the plain node:http
 * proxy (the Node limit), the undici pass-through, a georoute gateway (the compiled build) from a configuration
 * object, and the Portkey gateway. All but Portkey run as plain JavaScript on node alone (compile-bench-process.ts),
 * so that no process measured carries the TypeScript loader.
 */
import { BENCH_UPSTREAM_KEY_ENV, benchGatewayConfig, writeBenchConfig, type BenchGatewayOptions } from './gateway-bench-config.js';
import { SERVER_CPUS } from './measure-load.js';
import { spawnBenchProcess, type BenchProcess, type BenchProcessOptions } from './spawn-bench-process.js';

export interface ServerReady {
  url: string;
}

export type BenchServer = BenchProcess<ServerReady>;

export function startMockUpstream(options: { chunkIntervalMs?: number } = {}): Promise<BenchServer> {
  return spawnBenchProcess<ServerReady>({
    file: 'bench/lib/mock-upstream-process.ts',
    args: ['--chunks', '20', '--chunk-interval-ms', String(options.chunkIntervalMs ?? 0)],
    cpus: SERVER_CPUS,
    compiled: true,
  });
}

/** The Node limit: `node:http` + `http.request` with a keep-alive `http.Agent`, piped both ways. */
export function startPlainProxy(upstreamUrl: string): Promise<BenchServer> {
  return spawnBenchProcess<ServerReady>({ file: 'bench/lib/plain-proxy-process.ts', args: [upstreamUrl], cpus: SERVER_CPUS, compiled: true });
}

/** The second reference: `node:http` in front of an undici Pool with `stream.pipeline`. */
export function startPassThrough(upstreamUrl: string): Promise<BenchServer> {
  return spawnBenchProcess<ServerReady>({ file: 'bench/lib/pass-through-process.ts', args: [upstreamUrl], cpus: SERVER_CPUS, compiled: true });
}

export interface StartedGateway {
  server: BenchServer;
  dataDir: string;
}

export async function startBenchGateway(
  name: string,
  options: BenchGatewayOptions,
  nodeArgs: string[] = [],
  extra: Pick<BenchProcessOptions, 'env' | 'onMessage'> = {},
): Promise<StartedGateway> {
  const { configFile, dataDir } = writeBenchConfig(name, benchGatewayConfig(options));
  const server = await spawnBenchProcess<ServerReady>({
    file: 'bench/lib/gateway-server-process.ts',
    args: [configFile, dataDir, ...(options.accessLog ? ['--access-log'] : [])],
    cpus: SERVER_CPUS,
    nodeArgs: nodeArgs.map((arg) => arg.replace('{dataDir}', dataDir)),
    // The compiled build runs on node alone, as `npm start` does; the TypeScript sources need tsx.
    compiled: (extra.env?.GEOROUTE_BENCH_BUILD ?? process.env.GEOROUTE_BENCH_BUILD) !== 'source',
    ...extra,
    // The keys that `bedrock` and `azure-openai` deployments use (gateway-bench-config.ts); unused by the others.
    env: { ...BENCH_UPSTREAM_KEY_ENV, ...extra.env },
  });
  return { server, dataDir };
}

export function startPortkey(): Promise<BenchServer> {
  return spawnBenchProcess<ServerReady>({ file: 'bench/lib/portkey-server-process.ts', cpus: SERVER_CPUS, readyTimeoutMs: 40_000 });
}
