/**
 * Overhead: the same OpenAI chat workload (small JSON answer; a 20-chunk stream) against (a) the mock directly,
 * (b) the plain node:http proxy with a keep-alive http.Agent (the Node limit) and (b2) the node:http + undici
 * pass-through, (c) georoute with a one-region profile, (d) georoute with the `eu.` profile over five regions, each
 * bare and with auth + audit (d+ also with the default access log), and (e) Portkey. Closed loop, alternating
 * targets, several rounds; then time to first byte at concurrency 1, a fixed-rate run (added p99 at 1,000 req/s) and
 * a CPU profile of the gateway.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startBenchGateway, startMockUpstream, startPassThrough, startPlainProxy, startPortkey, type BenchServer } from '../lib/bench-servers.js';
import type { BenchOptions } from '../lib/bench-options.js';
import { summarizeCpuProfile, type ProfileSummary } from '../lib/cpu-profile-summary.js';
import { ensurePortkey, type PortkeyInstall } from '../lib/ensure-portkey.js';
import { EU_REGIONS, SOURCE_REGION } from '../lib/gateway-bench-config.js';
import { measureLoad, type MeasuredLoad } from '../lib/measure-load.js';
import { fixed, formatLoadLine } from '../lib/format-progress.js';
import { runStreamClient } from '../lib/run-stream-client.js';
import { summarizeOverhead, type FirstByteRun, type OverheadRun, type OverheadSummary } from './summarize-overhead.js';
import { requestBody, targetFor, type OverheadTarget, type OverheadTargetId, type Workload } from './overhead-targets.js';

/** Only these are measured at concurrency 1: the baselines and the headline georoute target. */
export const FIRST_BYTE_TARGETS: readonly OverheadTargetId[] = ['direct', 'plain-proxy', 'georoute-eu-secure'];

export interface OverheadResult {
  portkey: PortkeyInstall;
  runs: OverheadRun[];
  firstByte: FirstByteRun[];
  summary: OverheadSummary;
  profile?: GatewayProfile;
  /** The same for 20-chunk streams (one region, no auth, no audit). */
  streamProfile?: GatewayProfile;
}

export interface GatewayProfile {
  target: OverheadTargetId;
  workload: Workload;
  durationSec: number;
  summary: ProfileSummary;
}

const WORKLOADS: Workload[] = ['json', 'stream'];

async function startTargets(log: (line: string) => void): Promise<{ mock: BenchServer; targets: OverheadTarget[]; portkey: PortkeyInstall; all: BenchServer[] }> {
  const mock = await startMockUpstream();
  const mockV1 = `${mock.ready.url}/v1`;
  const allRegions = Object.fromEntries(EU_REGIONS.map((r) => [r, mockV1]));
  const oneRegion = { [SOURCE_REGION]: mockV1 };
  const servers: Array<[OverheadTargetId, BenchServer]> = [
    ['direct', mock],
    ['plain-proxy', await startPlainProxy(mock.ready.url)],
    ['pass-through', await startPassThrough(mock.ready.url)],
  ];
  const gateways: Array<[OverheadTargetId, Record<string, string>, boolean]> = [
    ['georoute-one', oneRegion, false],
    ['georoute-one-secure', oneRegion, true],
    ['georoute-eu', allRegions, false],
    ['georoute-eu-secure', allRegions, true],
  ];
  for (const [id, endpoints, secure] of gateways) {
    const accessLog = id === 'georoute-eu-secure';
    const started = await startBenchGateway(id, { endpoints, maxConcurrent: 512, auth: secure, audit: secure, accessLog });
    servers.push([id, started.server]);
  }
  const portkey = ensurePortkey(log);
  if (portkey.available) {
    try {
      servers.push(['portkey', await startPortkey()]);
    } catch (error) {
      portkey.available = false;
      portkey.reason = `Portkey did not start: ${(error as Error).message}`;
    }
  }
  if (!portkey.available) log(`skipping Portkey: ${portkey.reason}`);
  return { mock, targets: servers.map(([id, server]) => targetFor(id, server, mock.ready.url)), portkey, all: servers.map(([, s]) => s) };
}

function watchedFor(target: OverheadTarget, mock: BenchServer): Record<string, BenchServer> {
  return target.id === 'direct' ? { server: mock, mock } : { server: target.server, mock };
}

async function profileGateway(options: BenchOptions, mockUrl: string, workload: Workload, log: (line: string) => void): Promise<GatewayProfile | undefined> {
  const plan = options.plan.overhead;
  const secure = workload === 'json';
  const started = await startBenchGateway('profile', { endpoints: { [SOURCE_REGION]: `${mockUrl}/v1` }, maxConcurrent: 512, auth: secure, audit: secure }, ['--cpu-prof', '--cpu-prof-dir={dataDir}/profile']);
  const target = targetFor(secure ? 'georoute-one-secure' : 'georoute-one', started.server, mockUrl);
  try {
    const result = await measureLoad({ url: `${started.server.ready.url}/v1/chat/completions`, headers: target.headers, body: requestBody(target.model, workload), connections: plan.connections, warmupSec: 1, durationSec: plan.profileSec }, { server: started.server });
    log(`  profile run ${formatLoadLine(result)}`);
  } finally {
    await started.server.stop();
  }
  const dir = join(started.dataDir, 'profile');
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
  if (files.length === 0) return undefined;
  const largest = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
  return { target: target.id, workload, durationSec: plan.profileSec, summary: summarizeCpuProfile(largest) };
}

export async function runOverheadScenario(options: BenchOptions, log: (line: string) => void): Promise<OverheadResult> {
  const plan = options.plan.overhead;
  const { mock, targets, portkey, all } = await startTargets(log);
  const runs: OverheadRun[] = [];
  const measure = async (target: OverheadTarget, workload: Workload, round: number, mode: OverheadRun['mode']): Promise<MeasuredLoad> => {
    const result = await measureLoad({
      url: `${target.server.ready.url}/v1/chat/completions`,
      headers: target.headers,
      body: requestBody(target.model, workload),
      connections: mode === 'fixed-rate' ? 20 : plan.connections,
      // JIT and connection pools are cold in the first round only: it gets a longer warm-up.
      warmupSec: round === 1 && mode === 'closed' ? plan.firstWarmupSec : plan.warmupSec,
      durationSec: mode === 'fixed-rate' ? plan.fixedRateSec : plan.durationSec,
      ...(mode === 'fixed-rate' ? { overallRate: plan.fixedRate } : {}),
    }, watchedFor(target, mock));
    runs.push({ target: target.id, workload, round, mode, result });
    log(`  ${mode === 'fixed-rate' ? `@${plan.fixedRate}/s` : 'closed'} r${round} ${workload.padEnd(6)} ${target.id.padEnd(20)} ${formatLoadLine(result)}`);
    return result;
  };
  const firstByte: FirstByteRun[] = [];
  const measureFirstByte = async (target: OverheadTarget, workload: Workload, round: number): Promise<void> => {
    const result = await runStreamClient({
      url: `${target.server.ready.url}/v1/chat/completions`,
      headers: target.headers,
      body: requestBody(target.model, workload),
      concurrency: 1,
      warmupSec: plan.warmupSec,
      durationSec: plan.durationSec,
    });
    firstByte.push({ target: target.id, workload, round, result });
    log(`  c=1    r${round} ${workload.padEnd(6)} ${target.id.padEnd(20)} TTFB p50 ${fixed(result.ttfbMs.p50, 3)} ms p99 ${fixed(result.ttfbMs.p99, 3)} ms (${result.completed} requests, ${result.failed} failed)`);
  };
  let profile: GatewayProfile | undefined;
  let streamProfile: GatewayProfile | undefined;
  try {
    for (let round = 1; round <= plan.rounds; round += 1) {
      log(`overhead: round ${round}/${plan.rounds} (closed loop, ${plan.connections} connections, ${plan.durationSec} s each)`);
      // Alternate the order between rounds so that no target always runs first or last.
      const order = round % 2 === 1 ? targets : [...targets].reverse();
      for (const workload of WORKLOADS) {
        for (const target of order) await measure(target, workload, round, 'closed');
      }
    }
    const firstByteTargets = targets.filter((t) => FIRST_BYTE_TARGETS.includes(t.id));
    for (let round = 1; round <= plan.rounds; round += 1) {
      log(`overhead: time to first byte at concurrency 1, round ${round}/${plan.rounds}`);
      const order = round % 2 === 1 ? firstByteTargets : [...firstByteTargets].reverse();
      for (const workload of WORKLOADS) {
        for (const target of order) await measureFirstByte(target, workload, round);
      }
    }
    for (let round = 1; round <= plan.fixedRateRounds; round += 1) {
      log(`overhead: fixed rate ${plan.fixedRate} req/s, round ${round}/${plan.fixedRateRounds}`);
      const order = round % 2 === 1 ? targets : [...targets].reverse();
      for (const target of order) await measure(target, 'json', round, 'fixed-rate');
    }
    log('overhead: CPU profile of georoute (one region, auth + audit, non-streaming)');
    profile = await profileGateway(options, mock.ready.url, 'json', log);
    log('overhead: CPU profile of georoute (one region, streams)');
    streamProfile = await profileGateway(options, mock.ready.url, 'stream', log);
  } catch (error) {
    await Promise.all(all.map((s) => s.stop()));
    throw error;
  }
  const peakRssMb: Partial<Record<OverheadTargetId, number>> = {};
  for (const target of targets) peakRssMb[target.id] = target.server.peakRssMb();
  await Promise.all(all.map((s) => s.stop()));
  return { portkey, runs, firstByte, summary: summarizeOverhead(runs, targets, peakRssMb, firstByte), profile, streamProfile };
}
