/** The Markdown section of each scenario in docs/benchmarks.md: what was run, the tables, and the charts. */
import type { BenchResults } from './bench-results.js';
import { fixed, thousands } from './format-progress.js';
import { markdownTable } from './markdown-table.js';
import { collectEverySecondsOf } from '../scenarios/streaming-scenario.js';

const pct = (part: number, whole: number) => `${fixed((100 * part) / Math.max(1e-9, whole), 1)}%`;

export function renderOverheadSection(results: BenchResults): string {
  const overhead = results.overhead;
  if (!overhead) return '';
  const plan = results.plan.overhead;
  const rows = (mode: 'closed' | 'fixed-rate') => overhead.summary.rows.filter((r) => r.mode === mode).map((r) => [
    `${r.workload === 'json' ? 'non-stream' : 'stream'} ${r.label}`,
    thousands(r.requestsPerSec.median),
    `${thousands(r.requestsPerSec.min)}-${thousands(r.requestsPerSec.max)}`,
    fixed(r.p50Ms, 2),
    fixed(r.p99Ms, 2),
    r.target === 'direct' ? '-' : fixed(r.addedP50Ms, 2),
    r.target === 'direct' ? '-' : fixed(r.addedP99Ms, 2),
    fixed(r.cpuMicrosPerRequest.median, 0),
    `${fixed(r.cpuMicrosPerRequest.min, 0)}-${fixed(r.cpuMicrosPerRequest.max, 0)}`,
    fixed(r.peakRssMb, 0),
    String(r.failures),
  ]);
  const header = ['workload, target', 'req/s (median)', 'req/s spread', 'p50 ms', 'p99 ms', 'added p50 ms', 'added p99 ms', 'server CPU us/req', 'CPU spread', 'peak RSS MB', 'failed'];
  const portkey = overhead.portkey.available
    ? `Portkey: \`@portkey-ai/gateway\` ${overhead.portkey.version}, installed apart in \`bench/portkey\` with \`@hono/node-server\` pinned to ${overhead.portkey.honoNodeServerVersion} by an npm \`overrides\` entry (with >= 1.14.2 its streaming answers HTTP 500, Portkey issue #1389), started on loopback and forwarding with \`x-portkey-provider: openai\` and \`x-portkey-custom-host\` to the same mock. Its stream handler waits about 25 ms before the first chunk, which caps its closed-loop stream rate at roughly connections / 25 ms and dominates its stream latency.`
    : `Portkey was skipped: ${overhead.portkey.reason}.`;
  const profileText = [overhead.profile, overhead.streamProfile].filter((p) => p !== undefined).map((profile) => [
    `### Where georoute spends its CPU (${profile.target === 'georoute-one-secure' ? 'auth + audit' : 'no auth, no audit'}, ${profile.workload === 'json' ? 'non-streaming' : 'streams'})`,
    '',
    `A \`node --cpu-prof\` of a separate georoute process (one region) during ${profile.durationSec} s of closed-loop load (start-up included; ${fixed(profile.summary.idlePercent, 0)}% of samples idle). Shares of the busy samples:`,
    '',
    markdownTable(['origin', 'self %'], profile.summary.byOrigin.slice(0, 12).map((e) => [e.name, fixed(e.selfPercent, 1)])),
    '',
    markdownTable(['top functions (self time)', 'self %'], profile.summary.topFunctions.slice(0, 12).map((e) => [e.name, fixed(e.selfPercent, 1)])),
    '',
  ].join('\n')).join('\n');
  return [
    '## 1. Overhead',
    '',
    `The same OpenAI chat request (system + user message, \`max_tokens: 20\`) as a non-streaming call and as a stream of 20 content chunks (+ finish, usage, \`[DONE]\`), `
      + `against a fast mock upstream (\`bench/lib/mock-upstream-process.ts\`). Each server runs in its own process, as plain JavaScript on node alone (no TypeScript loader in the processes measured: \`bench/lib/compile-bench-process.ts\`); the load generator is autocannon in another process, `
      + `${plan.connections} connections, closed loop, ${plan.warmupSec} s warm-up (${plan.firstWarmupSec} s in the first round) + ${plan.durationSec} s measured per run, targets alternated, ${plan.rounds} rounds: medians, with the min-max spread. `
      + `Latency percentiles are computed from autocannon's per-response times (sub-millisecond). Added latency is over (a). Server CPU is the process under test (for (a), the mock itself); the mock's own CPU is in the results file. `
      + 'Georoute runs its compiled build (`dist/`, as `npm start` does); its deployments are `openai-compatible`, pointing at the mock; "(c+)"/"(d+)" add a bearer API key and the SQLite audit trail (group commit, `synchronous=FULL`), and "(d+)" also logs as `npm start` does (pino at `info`, one access-log line per request, to a file). '
      + 'The baseline is (b), the plain `node:http` proxy with a keep-alive `http.Agent`: the leanest pass-through Node offers; (b2), `node:http` in front of an undici Pool, is kept as a second reference.',
    '',
    portkey,
    '',
    markdownTable(header, rows('closed')),
    '',
    '![overhead, non-streaming](benchmarks/overhead-json.svg)',
    '![overhead, streams](benchmarks/overhead-stream.svg)',
    '![CPU per request, non-streaming](benchmarks/overhead-cpu-json.svg)',
    '',
    '### Ratios',
    '',
    markdownTable(['ratio', 'workload', 'req/s ratio', 'CPU-per-request ratio (denominator / numerator)'], overhead.summary.ratios.map((r) => [r.name, r.workload, fixed(r.throughput, 2), fixed(r.cpuEfficiency, 2)])),
    '',
    '### Time to first byte at concurrency 1',
    '',
    `One request at a time, ${plan.durationSec} s per target and workload after ${plan.warmupSec} s of warm-up, ${plan.rounds} round(s): medians over rounds of each round's percentile. Added is over (b), the plain proxy.`,
    '',
    markdownTable(['workload', 'target', 'TTFB p50 ms', 'TTFB p99 ms', 'added p50 ms', 'added p99 ms'], (overhead.summary.firstByte ?? []).map((r) => [
      r.workload === 'json' ? 'non-stream' : 'stream',
      r.target,
      fixed(r.ttfbP50Ms, 3),
      fixed(r.ttfbP99Ms, 3),
      r.addedP50Ms === undefined ? '-' : fixed(r.addedP50Ms, 3),
      r.addedP99Ms === undefined ? '-' : fixed(r.addedP99Ms, 3),
    ])),
    '',
    `### Fixed rate: ${plan.fixedRate} req/s (non-streaming)`,
    '',
    `autocannon \`overallRate\` ${plan.fixedRate}, 20 connections, ${plan.fixedRateSec} s, ${plan.fixedRateRounds} round(s). "req/s" shows what was achieved: a server below ${plan.fixedRate} could not keep up.`,
    '',
    markdownTable(header, rows('fixed-rate')),
    '',
    profileText,
  ].join('\n');
}

export function renderSpilloverSection(results: BenchResults): string {
  const s = results.spillover;
  if (!s) return '';
  const labels = { single: '(i) source region only', gateway: '(ii) georoute `eu.` profile', 'round-robin': '(iii) naive round-robin + retries' } as const;
  const rows: string[][] = [];
  for (const strategy of Object.keys(labels) as Array<keyof typeof labels>) {
    for (const step of s.strategies[strategy]) {
      const regions = Object.entries(step.servedByRegion).sort((a, b) => a[0].localeCompare(b[0])).map(([region, n]) => `${region.replace('eu-', '')} ${pct(n, step.ok)}`).join(', ');
      rows.push([labels[strategy], `${step.multiplier}x (${fixed(step.ratePerSec, 0)}/s)`, fixed(step.goodputPerSec, 1), pct(step.goodputPerSec, s.theoreticalLimitPerSec), pct(step.goodputPerSec, Math.min(step.ratePerSec, s.theoreticalLimitPerSec)), pct(step.throttled, step.sent), String(step.otherFailures), fixed(step.p50Ms, 0), fixed(step.p95Ms, 0), fixed(step.tries / Math.max(1, step.sent), 2), regions]);
    }
  }
  const upstream = (Object.keys(labels) as Array<keyof typeof labels>).map((strategy) => {
    const counts = Object.values(s.upstreamCounts?.[strategy] ?? {});
    const served = counts.reduce((sum, c) => sum + c.served, 0);
    const throttled = counts.reduce((sum, c) => sum + c.throttled, 0);
    return [labels[strategy], thousands(served), thousands(throttled)];
  });
  return [
    '## 2. Spillover against capacity',
    '',
    `Five EU region simulators (\`sim/\`, one process), each admitting C = ${s.maxConcurrentPerRegion} concurrent requests (more are answered 429), `
      + `time to first token ${s.simulator.timeToFirstTokenMs} ms, ${s.simulator.tokensPerSecond} tokens/s, ${s.simulator.maxTokens} output tokens per request. `
      + `One region's capacity measured first (C connections, closed loop): **C = ${fixed(s.capacityPerSec, 1)} req/s**, so the theoretical limit is **5C = ${fixed(s.theoreticalLimitPerSec, 1)} req/s**. `
      + `Demand is open loop (fixed arrival rate per step, ${results.plan.spillover.stepSec} s per step), non-streaming, from source region eu-central-1. `
      + `Georoute's deployments declare \`maxConcurrent: ${s.maxConcurrentPerRegion}\` (what an operator would configure from the quota); its queue is maxWaiting ${s.gatewayQueue.maxWaiting}, maxWaitMs ${s.gatewayQueue.maxWaitMs}; audit on. `
      + 'The round-robin client sends each request to the next region and on 429 tries the following one, up to all five, without waiting.',
    '',
    '![goodput vs demand](benchmarks/spillover-goodput.svg)',
    '![p95 latency vs demand](benchmarks/spillover-p95.svg)',
    '![429s vs demand](benchmarks/spillover-429.svg)',
    '',
    markdownTable(['strategy', 'demand', 'goodput req/s', 'of 5C', 'of min(demand, 5C)', 'client 429', 'other failures', 'p50 ms', 'p95 ms', 'tries/request', 'share served per region'], rows),
    '',
    'Upstream view (the simulators\' own counters over all steps of each strategy): requests served, and requests they answered 429.',
    '',
    markdownTable(['strategy', 'served by simulators', 'answered 429 by simulators'], upstream),
    '',
  ].join('\n');
}

export function renderStreamingSection(results: BenchResults): string {
  const s = results.streaming;
  if (!s) return '';
  const row = (name: string, r: typeof s.direct, rss?: number) => [name, thousands(r.completed), String(r.failed), String(r.peakOpen), fixed(r.ttfbMs.p50, 1), fixed(r.ttfbMs.p99, 1), fixed(r.totalMs.p50, 0), fixed(r.totalMs.p99, 0), fixed(rss, 0)];
  return [
    '## 3. Streaming scale',
    '',
    `${s.concurrency} streams held open at once (a new one starts as each ends), each 20 content chunks paced ${s.chunkIntervalMs} ms apart by the mock (about 2.2 s per stream), `
      + `${results.plan.streaming.warmupSec} s warm-up (not counted: the connection storm) + ${results.plan.streaming.durationSec} s; client in its own process on its own CPU. Open files limit: ${s.openFilesLimit}. `
      + `Georoute: one-region profile, audit on. Its process's RSS before the load: ${fixed(s.gatewayIdleRssMb, 0)} MB`
      + (s.plainProxy ? `; the plain node:http proxy's (the Node limit, the same streams through a proxy that does nothing else): ${fixed(s.plainProxyIdleRssMb, 0)} MB.` : '.'),
    '',
    markdownTable(['path', 'streams completed', 'failed', 'peak open', 'TTFB p50 ms', 'TTFB p99 ms', 'total p50 ms', 'total p99 ms', 'proxy peak RSS MB'], [
      row('direct to the mock', s.direct),
      ...(s.plainProxy ? [row('through the plain node:http proxy', s.plainProxy, s.plainProxyPeakRssMb)] : []),
      row('through georoute', s.gateway, s.gatewayPeakRssMb),
    ]),
    '',
    `Time to first byte added by georoute: **${fixed(s.addedTtfbP50Ms, 1)} ms at p50, ${fixed(s.addedTtfbP99Ms, 1)} ms at p99**.`,
    '',
    ...(s.collected
      ? [
        `The same load through a second, identical gateway that runs a full GC every ${collectEverySecondsOf(s.collected)} s and reports its memory (${thousands(s.collected.streams.completed)} streams, ${s.collected.streams.failed} failed): `
          + `heap used after GC at most **${fixed(s.collected.maxHeapUsedAfterGcMb, 0)} MB**, heap total at most ${fixed(s.collected.maxHeapTotalMb, 0)} MB, peak RSS ${fixed(s.collected.peakRssMb, 0)} MB. `
          + 'The heap used after GC is what the open streams keep alive; the first gateway\'s growth beyond it is heap that V8 had not yet collected. That pass\'s peak RSS is lowered by its GCs and is not the target\'s figure.',
        '',
      ]
      : []),
  ].join('\n');
}

export function renderAuditSection(results: BenchResults): string {
  const a = results.audit;
  if (!a) return '';
  const plan = results.plan.audit;
  return [
    '## 4. Audit cost',
    '',
    `Georoute, one-region profile, no auth, non-streaming, ${plan.connections} connections closed loop, ${plan.rounds} alternating rounds of ${plan.durationSec} s: audit trail off versus on (SQLite, WAL, \`synchronous=FULL\`, group commit). `
      + 'Records committed per second are counted in the SQLite store (`audit_records`) at the start and end of each measured run.',
    '',
    markdownTable(['audit', 'req/s (median)', 'req/s spread', 'server CPU us/req', 'p99 ms', 'records committed/s', 'records per 2xx'], [
      ['off', thousands(a.off.requestsPerSec.median), `${thousands(a.off.requestsPerSec.min)}-${thousands(a.off.requestsPerSec.max)}`, fixed(a.off.cpuMicrosPerRequest, 0), fixed(a.off.p99Ms, 2), '-', '-'],
      ['on', thousands(a.on.requestsPerSec.median), `${thousands(a.on.requestsPerSec.min)}-${thousands(a.on.requestsPerSec.max)}`, fixed(a.on.cpuMicrosPerRequest, 0), fixed(a.on.p99Ms, 2), `${thousands(a.on.recordsPerSec.median)} (${thousands(a.on.recordsPerSec.min)}-${thousands(a.on.recordsPerSec.max)})`, fixed(a.on.recordsPerRequest, 3)],
    ]),
    '',
    `Throughput with the audit trail on is **${fixed(a.throughputRatio, 2)}x** of off.`,
    '',
  ].join('\n');
}

export function renderSoakSection(results: BenchResults): string {
  const s = results.soak;
  if (!s) return '';
  const at = (seconds: number) => s.samples.reduce((best, x) => (Math.abs(x.t - seconds) < Math.abs(best.t - seconds) ? x : best), s.samples[0]);
  const marks = [0, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600].filter((t) => t <= s.durationSec + 5).map(at);
  return [
    '## 5. Soak: memory over time',
    '',
    `One georoute gateway (one-region profile, audit on, no auth) under ${s.jsonRatePerSec} non-streaming req/s (fixed rate) plus ${s.streams} streams held open `
      + `(20 chunks ${results.plan.soak.chunkIntervalMs} ms apart) for ${s.durationSec} s${s.mallocArenaMax ? `, \`MALLOC_ARENA_MAX=${s.mallocArenaMax}\`` : ''}. `
      + `Every ${results.plan.soak.sampleEverySec} s the gateway runs a full GC and reports its memory. `
      + `Served: ${thousands(s.json.ok)} non-streaming (${s.json.non2xx + s.json.errors} failed), ${thousands(s.stream.completed)} streams (${s.stream.failed} failed).`,
    '',
    markdownTable(['time s', 'RSS MB', 'heap used after GC MB', 'heap total MB', 'external MB', 'ArrayBuffers MB', 'V8 malloced MB'],
      marks.map((m) => [fixed(m.t, 0), fixed(m.rssMb, 1), fixed(m.heapUsedMb, 1), fixed(m.heapTotalMb, 1), fixed(m.externalMb, 1), fixed(m.arrayBuffersMb, 1), fixed(m.v8MallocedMb, 1)])),
    '',
    `After the ${fixed(s.settled.fromSec, 0)} s warm-up: RSS ${fixed(s.settled.rssStartMb, 1)} -> ${fixed(s.settled.rssEndMb, 1)} MB (**${fixed(s.slopesMbPerMin.rss, 2)} MB/min**), `
      + `heap after GC ${fixed(s.settled.heapStartMb, 1)} -> ${fixed(s.settled.heapEndMb, 1)} MB (${fixed(s.slopesMbPerMin.heapUsed, 2)} MB/min), `
      + `external ${fixed(s.slopesMbPerMin.external, 2)} MB/min, ArrayBuffers ${fixed(s.slopesMbPerMin.arrayBuffers, 2)} MB/min; peak RSS ${fixed(s.peakRssMb, 0)} MB.`,
    '',
  ].join('\n');
}
