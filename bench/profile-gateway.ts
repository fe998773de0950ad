/**
 * `npm run bench:profile -- [--stream] [--seconds N] [--rounds N] [--connections N] [--chunk-interval MS]
 * [--target d+|c] [--limits] [--first-byte]`: where georoute spends its CPU on the overhead scenario's work, for the performance
 * work of issue 14. It starts the mock upstream, the plain node:http proxy (the Node limit) and one georoute gateway
 * (d+: bearer key, the eu. profile over five regions, the SQLite audit trail and the access log; or c: one region,
 * nothing else; `--limits` gives d+'s key generous limits, checked and counted on every request as in the limits
 * scenario), measures both closed-loop (autocannon, 50 connections, or `--connections N`: 1 shows the cost of a
 * request on an otherwise idle gateway, the time-to-first-byte target's case) in alternating rounds with the
 * gateway's CPU per request (`--chunk-interval`: the mock paces its 20 chunks that many ms apart, each its own read
 * and write, as in the streaming scenario; `--stream --connections 1000 --chunk-interval 100` is that scenario's
 * load, closed loop), and profiles the gateway's last measured window only (no start-up). Prints the ratios, the top
 * functions by self time, by inclusive time (georoute's own functions) and by origin; for d+, the mean audit commit
 * from the gateway's metrics. Nothing is written to docs/.
 * `--baseline DIR` also runs a gateway from another build's dist/ (an absolute path, under a copy of that build's
 * package.json, with its node_modules resolving from there: `dist/`, `package.json` and a `node_modules` link),
 * measured in the same rounds, the two taking turns at going first, so that a change's effect is read against the
 * same machine state; the medians of the unprofiled rounds close the run. `--no-profile` measures
 * every round without the profiler (no inspector session in the gateway either). `--allocations` takes V8's sampling
 * heap profile of the last window instead of a CPU profile, and prints the bytes allocated per request and where
 * (allocation-profile-summary.ts): a figure that moves far less with a noisy host than CPU time does.
 * `--node-args "ARGS"` starts the gateway under test (not the baseline) with those node flags, V8's among them
 * (`--max-semi-space-size=N`): with `--baseline` set to this build's own dist/, an A/B of the flags alone. Each
 * run ends with the peak RSS of the proxy and the gateways. `--wire anthropic` sends Anthropic Messages requests
 * (`POST /v1/messages`) through `anthropic` deployments to the mock's Messages wire, the proxy included;
 * `--wire responses` Responses requests (`POST /v1/responses`) through deployments that relay them; `--wire
 * bedrock` Converse requests (`POST /model/{id}/converse`, `/converse-stream` with `--stream`) through `bedrock`
 * deployments (SigV4-signed) to the mock's Converse wire; `--wire azure` OpenAI chat requests through `azure-openai`
 * deployments (v1 URL style, api-key) to the mock's chat wire.
 * `--first-byte` measures time to first byte at concurrency 1 instead (compare-first-byte.ts; `--stream` for
 * streams), with `--baseline` an A/B of it; `--no-profile` is then implied. `GEOROUTE_PROFILE_TOP=N` prints N
 * lines per ranking of the profile (default 30).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchGateway, startMockUpstream, startPlainProxy } from './lib/bench-servers.js';
import { originOf } from './lib/cpu-profile-summary.js';
import { summarizeAllocations } from './lib/allocation-profile-summary.js';
import { BENCH_API_KEY, BENCH_MODEL, EU_REGIONS, GENEROUS_KEY_LIMITS, SOURCE_REGION } from './lib/gateway-bench-config.js';
import { measureLoad, type MeasuredLoad } from './lib/measure-load.js';
import { anthropicRequestBody, converseRequestBody, requestBody, responsesRequestBody } from './scenarios/overhead-targets.js';
import { parsePrometheusText, sumOf } from './lib/prometheus-text.js';
import { compareFirstByte } from './lib/compare-first-byte.js';
import { upperMedian as median } from './lib/latency-summary.js';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

type Wire = 'openai' | 'anthropic' | 'responses' | 'bedrock' | 'azure';

function wireOf(wire: string | undefined): Wire {
  if (wire === undefined || wire === 'openai' || wire === 'anthropic' || wire === 'responses' || wire === 'bedrock' || wire === 'azure') return wire ?? 'openai';
  throw new Error('--wire: openai, anthropic, responses, bedrock or azure');
}

function parseArgs(argv: readonly string[]): { stream: boolean; seconds: number; rounds: number; connections: number; chunkIntervalMs: number; target: 'd+' | 'c'; limits: boolean; baseline?: string; profile: boolean; allocations: boolean; nodeArgs: string[]; wire: Wire; firstByte: boolean } {
  const value = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at === -1 ? undefined : argv[at + 1];
  };
  const target = value('--target') ?? 'd+';
  if (target !== 'd+' && target !== 'c') throw new Error('--target: d+ or c');
  if (argv.includes('--limits') && target !== 'd+') throw new Error('--limits: per-key limits need a key, so --target d+');
  return {
    stream: argv.includes('--stream'),
    seconds: Number(value('--seconds') ?? 5),
    rounds: Number(value('--rounds') ?? 2),
    connections: Number(value('--connections') ?? 50),
    chunkIntervalMs: Number(value('--chunk-interval') ?? 0),
    target,
    limits: argv.includes('--limits'),
    baseline: value('--baseline'),
    profile: !argv.includes('--no-profile') && !argv.includes('--first-byte'),
    allocations: argv.includes('--allocations'),
    nodeArgs: (value('--node-args') ?? '').split(' ').filter((arg) => arg !== ''),
    wire: wireOf(value('--wire')),
    firstByte: argv.includes('--first-byte'),
  };
}

function frameName(node: Node): string {
  const { functionName, url, lineNumber } = node.callFrame;
  if (!url) return functionName;
  const at = url.search(/\/(src|node_modules|sim|bench)\//);
  return `${functionName || '(anonymous)'} ${at === -1 ? url.replace(/^file:\/\//, '') : url.slice(at + 1).replace(/^node_modules\//, '')}:${lineNumber + 1}`;
}

function summarize(file: string, top: number): string[] {
  const nodes = (JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[] }).nodes;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const origins = new Map<string, number>();
  let busy = 0;
  for (const n of nodes) {
    const hits = n.hitCount ?? 0;
    if (hits === 0 || n.callFrame.functionName === '(idle)') continue;
    busy += hits;
    self.set(frameName(n), (self.get(frameName(n)) ?? 0) + hits);
    const origin = originOf(n.callFrame.url, n.callFrame.functionName);
    origins.set(origin, (origins.get(origin) ?? 0) + hits);
    const seen = new Set<string>();
    for (let at: Node | undefined = n; at !== undefined; at = byId.get(parent.get(at.id) ?? -1)) {
      if (!at.callFrame.url.includes('/dist/src/') && !at.callFrame.url.includes('/src/')) continue;
      const name = frameName(at);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + hits);
    }
  }
  const rank = (map: Map<string, number>, label: string) => [
    `-- ${label}`,
    ...[...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, hits]) => `${((100 * hits) / busy).toFixed(1).padStart(5)}%  ${name}`),
  ];
  return [`busy samples: ${busy}`, ...rank(self, 'self time'), ...rank(inclusive, 'inclusive time, georoute functions'), ...rank(origins, 'self time by origin')];
}

const options = parseArgs(process.argv.slice(2));
const mock = await startMockUpstream({ chunkIntervalMs: options.chunkIntervalMs });
const proxy = await startPlainProxy(mock.ready.url);
const secure = options.target === 'd+';
const endpoints = secure ? Object.fromEntries(EU_REGIONS.map((r) => [r, `${mock.ready.url}/v1`])) : { [SOURCE_REGION]: `${mock.ready.url}/v1` };
const profileFile = join(mkdtempSync(join(tmpdir(), 'georoute-profile-')), options.allocations ? 'window.heapprofile' : 'window.cpuprofile');
const gatewayOptions = { endpoints, maxConcurrent: Math.max(512, 2 * options.connections), auth: secure, audit: secure, accessLog: secure, wire: options.wire, ...(options.limits && { keyLimits: GENEROUS_KEY_LIMITS }) };
/** Every server started, stopped at the end; one that fails to start stops the others, so none outlives the run. */
const running: Array<{ stop(): Promise<void> }> = [mock, proxy];
async function startOrStopAll<T extends { server: { stop(): Promise<void> } }>(start: Promise<T>): Promise<T> {
  try {
    const gateway = await start;
    running.push(gateway.server);
    return gateway;
  } catch (error) {
    await Promise.all(running.map((server) => server.stop()));
    throw error;
  }
}
const started = await startOrStopAll(startBenchGateway('profile', gatewayOptions, options.nodeArgs, { env: options.profile ? { GEOROUTE_BENCH_PROFILE_FILE: profileFile, ...(options.allocations && { GEOROUTE_BENCH_PROFILE_KIND: 'allocations' }) } : {} }));
const baseline = options.baseline === undefined ? undefined : await startOrStopAll(startBenchGateway('baseline', gatewayOptions, [], { env: { GEOROUTE_BENCH_DIST: options.baseline } }));
const workload = options.stream ? 'stream' : 'json';
const anthropicWire = options.wire === 'anthropic';
/** The request path for `model`: Bedrock's names the model and whether it streams; the others are fixed. */
const pathOf = (model: string): string =>
  options.wire === 'bedrock'
    ? `/model/${encodeURIComponent(model)}/converse${workload === 'stream' ? '-stream' : ''}`
    : { openai: '/v1/chat/completions', azure: '/v1/chat/completions', anthropic: '/v1/messages', responses: '/v1/responses' }[options.wire];
const wireHeaders: Record<string, string> = { 'content-type': 'application/json', ...(anthropicWire && { 'anthropic-version': '2023-06-01' }) };
const bodyOf = { openai: requestBody, azure: requestBody, anthropic: anthropicRequestBody, responses: responsesRequestBody, bedrock: converseRequestBody }[options.wire];
const gatewayHeaders: Record<string, string> = { ...wireHeaders, ...(secure ? { authorization: `Bearer ${BENCH_API_KEY}` } : {}) };
const gatewayModel = secure ? `eu.${BENCH_MODEL}` : BENCH_MODEL;
/** Each unprofiled round's two measurements, taken back to back. */
const pairs: Array<{ before: MeasuredLoad; current: MeasuredLoad }> = [];
let profiledRequests = 0;
try {
  if (options.firstByte) {
    const gatewayTarget = (label: string, server: typeof started.server) => ({ label, url: `${server.ready.url}${pathOf(gatewayModel)}`, headers: gatewayHeaders, body: bodyOf(gatewayModel, workload) });
    await compareFirstByte({
      rounds: options.rounds,
      seconds: options.seconds,
      plain: { label: 'plain', url: `${proxy.ready.url}${pathOf('bench-model')}`, headers: wireHeaders, body: bodyOf('bench-model', workload) },
      baseline: baseline === undefined ? undefined : gatewayTarget('baseline', baseline.server),
      current: gatewayTarget(`georoute ${options.target}`, started.server),
    }, (line) => console.log(line));
  }
  for (let round = 1; round <= (options.firstByte ? 0 : options.rounds); round += 1) {
    const last = round === options.rounds;
    const base = { connections: options.connections, warmupSec: round === 1 ? 3 : 1, durationSec: options.seconds };
    const plain = await measureLoad({ ...base, url: `${proxy.ready.url}${pathOf('bench-model')}`, headers: wireHeaders, body: bodyOf('bench-model', workload) }, { server: proxy });
    const p = plain.cpuMicrosPerRequest.server ?? NaN;
    const line = (label: string, load: MeasuredLoad) => {
      const g = load.cpuMicrosPerRequest.server ?? NaN;
      return `${label} ${Math.round(load.requestsPerSec)} req/s p99 ${load.latencyMs.p99.toFixed(1)} ms ${Math.round(g)} us/req (x${(load.requestsPerSec / plain.requestsPerSec).toFixed(2)} req/s, ${(g / p).toFixed(2)}x cpu, ${load.non2xx + load.errors + load.timeouts} failed)`;
    };
    const measureGateway = (server: typeof started.server, hooks = {}) =>
      measureLoad({ ...base, url: `${server.ready.url}${pathOf(gatewayModel)}`, headers: gatewayHeaders, body: bodyOf(gatewayModel, workload) }, { server }, hooks);
    // The two builds take turns at going first, so that neither is always measured on a warmer or a busier machine;
    // the profiled window (the last round, when profiling) is left out of the medians.
    const profiled = options.profile && last;
    const profileHooks = profiled ? { atStart: () => process.kill(started.server.pid, 'SIGUSR2'), atEnd: () => process.kill(started.server.pid, 'SIGUSR2') } : {};
    let before: MeasuredLoad | undefined;
    let current: MeasuredLoad;
    if (baseline !== undefined && round % 2 === 0) {
      current = await measureGateway(started.server, profileHooks);
      before = await measureGateway(baseline.server);
    } else {
      before = baseline === undefined ? undefined : await measureGateway(baseline.server);
      current = await measureGateway(started.server, profileHooks);
    }
    if (!profiled && before) pairs.push({ before, current });
    if (profiled) profiledRequests = current.ok;
    console.log(
      [`round ${round} ${workload}: plain ${Math.round(plain.requestsPerSec)} req/s ${Math.round(p)} us/req`, ...(before ? [line('baseline', before)] : []), line(`georoute ${options.target}`, current)].join('; '),
    );
  }
  if (pairs.length > 0) {
    const cpuOf = (load: MeasuredLoad) => load.cpuMicrosPerRequest.server ?? NaN;
    // On a shared machine the noise only ever adds: the best round is the closest to a build's own cost.
    const summary = (label: string, loads: MeasuredLoad[]) => {
      const rates = loads.map((l) => l.requestsPerSec);
      const cpu = loads.map(cpuOf);
      return `${label} median ${Math.round(median(rates))} req/s, ${Math.round(median(cpu))} us/req; best ${Math.round(Math.max(...rates))} req/s, ${Math.round(Math.min(...cpu))} us/req`;
    };
    // Each round measures the two builds back to back: the median of the per-round ratios cancels slow drifts.
    const ratios = pairs.map(({ before, current }) => cpuOf(current) / cpuOf(before));
    const rateRatios = pairs.map(({ before, current }) => current.requestsPerSec / before.requestsPerSec);
    const befores = pairs.map((pair) => pair.before);
    const currents = pairs.map((pair) => pair.current);
    console.log(`over ${pairs.length} unprofiled rounds: ${summary('baseline', befores)}; ${summary(`georoute ${options.target}`, currents)}`);
    console.log(`georoute / baseline, median of the rounds' ratios: CPU per request x${median(ratios).toFixed(3)}, req/s x${median(rateRatios).toFixed(3)}`);
  }
  if (secure) {
    // The audit commits of the whole run (warm-ups included), from the gateway's own metrics: at one connection each
    // record is a transaction and a sync of its own, which a JSON answer waits for.
    const samples = parsePrometheusText(await (await fetch(`${started.server.ready.url}/metrics`)).text());
    const commits = sumOf(samples, 'georoute_audit_commit_duration_seconds_count');
    const seconds = sumOf(samples, 'georoute_audit_commit_duration_seconds_sum');
    const records = sumOf(samples, 'georoute_audit_commit_batch_size_sum');
    console.log(`audit commits: ${commits}, mean ${((1000 * seconds) / commits).toFixed(3)} ms each, ${(records / commits).toFixed(2)} records per commit`);
  }
  const rss = (server: { peakRssMb(): number | undefined }) => `${Math.round(server.peakRssMb() ?? NaN)} MB`;
  console.log(`peak RSS: plain proxy ${rss(proxy)}${baseline ? `, baseline ${rss(baseline.server)}` : ''}, georoute ${options.target}${options.nodeArgs.length > 0 ? ` (${options.nodeArgs.join(' ')})` : ''} ${rss(started.server)}`);
  if (options.profile) {
    for (let waited = 0; waited < 50 && !existsSync(profileFile); waited += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    for (const line of options.allocations ? summarizeAllocations(profileFile, profiledRequests, 30) : summarize(profileFile, Number(process.env.GEOROUTE_PROFILE_TOP ?? 30))) console.log(line);
  }
} finally {
  await Promise.all(running.map((server) => server.stop()));
}
