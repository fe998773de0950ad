/**
 * Runs fuzz cases against a running gateway with a few in parallel, judges each answer, checks `/healthz` as it
 * goes (a crash or a wedged server shows there), and sums it all up. Every violation names its case index, so
 * `npm run fuzz -- --seed S --case I` replays exactly that request.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { apiSurfaces } from '../../src/api/api-surfaces.js';
import { startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { generateFuzzCase, type FuzzCase, type FuzzKind } from './generate-fuzz-case.js';
import { judgeFuzzOutcome, type JudgeOptions } from './judge-fuzz-outcome.js';
import { sendRawRequest } from './raw-http-exchange.js';

export const FUZZ_MAX_BODY_BYTES = 65_536;

export interface CampaignOptions {
  seed: number;
  count: number;
  /** First case index (to replay one case: `first: I, count: 1`). */
  first?: number;
  concurrency?: number;
  timeoutMs?: number;
  healthEvery?: number;
  /** Generate requests that hit known, reported bugs too (see FuzzLimits.knownBugs). Default true. */
  knownBugs?: boolean;
  onProgress?: (done: number, total: number, violations: number) => void;
}

export interface FuzzViolation {
  index: number;
  kind: FuzzKind;
  method: string;
  target: string;
  problem: string;
}

export interface CampaignSummary {
  seed: number;
  first: number;
  count: number;
  byLabel: Record<string, number>;
  byKind: Record<string, number>;
  /** Bedrock-path errors accepted in OpenAI's shape because no Bedrock surface serves the path yet. */
  lenient: number;
  healthChecks: number;
  /** Error-level lines the gateway logged during the run, distinct, with their counts. */
  loggedErrors: string[];
  loggedErrorCount: number;
  violations: FuzzViolation[];
  durationMs: number;
}

export interface FuzzGateway extends TestGateway {
  /** Error-level log lines the gateway wrote (an `internal` error is a server-side failure even if no 5xx got out). */
  loggedErrors: string[];
}

/** The gateway a campaign runs against: simulators in every region, fast, with the body limit the cases know. */
export async function startFuzzGateway(): Promise<FuzzGateway> {
  const config = testConfig({ timeToFirstTokenMs: 1, tokensPerSecond: 100_000 });
  const server = { ...(config.server as Record<string, unknown>), maxBodyBytes: FUZZ_MAX_BODY_BYTES };
  // The configuration's defaults for the breaker and queue, so a request that harms service for others shows.
  config.routing = { maxAttempts: 4, deadlineMs: 10_000, queue: { maxWaiting: 256, maxWaitMs: 500 }, breaker: { failureThreshold: 5, openMs: 10_000 } };
  const loggedErrors: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      loggedErrors.push(chunk.toString('utf8').trim());
      done();
    },
  });
  const gateway = await startTestGateway({ ...config, server }, { logger: pino({ level: 'error' }, sink) });
  return Object.assign(gateway, { loggedErrors });
}

/** Asks the gateway's own surface list which surface answers a path that no route matched. */
export function judgeOptionsFor(gateway: TestGateway): JudgeOptions {
  const surfaces = apiSurfaces(gateway.context);
  return {
    bedrockSurfaceServes: (path) =>
      surfaces.some((s) => s.surfaceForUnknownPath?.(path) === 'bedrock' || s.routes.some((r) => r.surface === 'bedrock' && r.pattern.test(path))),
  };
}

export async function runFuzzCampaign(gateway: FuzzGateway, options: CampaignOptions): Promise<CampaignSummary> {
  const first = options.first ?? 0;
  const concurrency = options.concurrency ?? 8;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const healthEvery = options.healthEvery ?? 50;
  const judge = judgeOptionsFor(gateway);
  const summary: CampaignSummary = { seed: options.seed, first, count: options.count, byLabel: {}, byKind: {}, lenient: 0, healthChecks: 0, loggedErrors: [], loggedErrorCount: 0, violations: [], durationMs: 0 };
  const loggedBefore = gateway.loggedErrors.length;
  const startedAt = Date.now();
  let next = first;
  let done = 0;
  const end = first + options.count;

  const runOne = async (fuzzCase: FuzzCase): Promise<void> => {
    const outcome = await sendRawRequest(gateway.port, fuzzCase.pieces, { halfClose: fuzzCase.halfClose, timeoutMs });
    const judgement = judgeFuzzOutcome(fuzzCase, outcome, judge);
    summary.byLabel[judgement.label] = (summary.byLabel[judgement.label] ?? 0) + 1;
    summary.byKind[fuzzCase.kind] = (summary.byKind[fuzzCase.kind] ?? 0) + 1;
    if (judgement.lenient) summary.lenient += 1;
    if (judgement.violation) {
      summary.violations.push({ index: fuzzCase.index, kind: fuzzCase.kind, method: fuzzCase.method, target: fuzzCase.target.slice(0, 120), problem: judgement.violation });
    }
  };

  const worker = async (): Promise<void> => {
    while (next < end) {
      const index = next;
      next += 1;
      await runOne(generateFuzzCase(options.seed, index, { maxBodyBytes: FUZZ_MAX_BODY_BYTES, knownBugs: options.knownBugs ?? true }));
      done += 1;
      if (done % healthEvery === 0) await checkHealth(gateway, summary, index);
      options.onProgress?.(done, options.count, summary.violations.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await checkHealth(gateway, summary, end - 1);
  summary.durationMs = Date.now() - startedAt;
  const logged = gateway.loggedErrors.slice(loggedBefore);
  summary.loggedErrorCount = logged.length;
  const distinct = new Map<string, number>();
  for (const line of logged.map(describeLogLine)) distinct.set(line, (distinct.get(line) ?? 0) + 1);
  summary.loggedErrors = [...distinct].map(([line, n]) => `${n} x ${line}`);
  summary.violations.sort((a, b) => a.index - b.index);
  return summary;
}

/** `msg (err.message) path` of a pino JSON line. */
function describeLogLine(line: string): string {
  try {
    const parsed = JSON.parse(line) as { msg?: string; err?: { message?: string }; path?: string };
    return `${parsed.msg ?? '?'} (${parsed.err?.message ?? 'no error'})${parsed.path ? ` on ${parsed.path}` : ''}`;
  } catch {
    return line.slice(0, 200);
  }
}

/** `/healthz` answers, and a plain valid request still succeeds: no earlier case broke service for others. */
async function checkHealth(gateway: FuzzGateway, summary: CampaignSummary, afterIndex: number): Promise<void> {
  summary.healthChecks += 1;
  const health = await statusOf(fetch(`${gateway.url}/healthz`, { signal: AbortSignal.timeout(5_000) }));
  if (health.status !== 200) {
    summary.violations.push({ index: afterIndex, kind: 'admin', method: 'GET', target: '/healthz', problem: `the gateway no longer answers /healthz (status ${health.status}) after case ${afterIndex}` });
    return;
  }
  const canary = await statusOf(
    fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      signal: AbortSignal.timeout(5_000),
      headers: { 'content-type': 'application/json', 'x-georoute-source-region': 'eu-central-1' },
      body: JSON.stringify({ model: 'eu.amazon.nova-2-lite-v1:0', messages: [{ role: 'user', content: 'canary' }], max_tokens: 4 }),
    }),
  );
  if (canary.status !== 200) {
    summary.violations.push({
      index: afterIndex,
      kind: 'chat-valid',
      method: 'POST',
      target: '/v1/chat/completions (canary)',
      problem: `a plain valid request failed with ${canary.status} after case ${afterIndex}: an earlier case degraded service for others: ${canary.text.slice(0, 160)}`,
    });
  }
}

async function statusOf(pending: Promise<Response>): Promise<{ status: number; text: string }> {
  try {
    const response = await pending;
    return { status: response.status, text: await response.text() };
  } catch (error) {
    return { status: 0, text: String(error) };
  }
}

/** A short text report: counts by outcome and kind, then every violation with the command that replays it. */
export function formatCampaignSummary(summary: CampaignSummary): string {
  const lines: string[] = [];
  lines.push(`fuzz: seed ${summary.seed}, cases ${summary.first}..${summary.first + summary.count - 1} (${summary.count}) in ${(summary.durationMs / 1000).toFixed(1)} s`);
  const sorted = (record: Record<string, number>) => Object.entries(record).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}: ${v}`).join(', ');
  lines.push(`  by outcome: ${sorted(summary.byLabel)}`);
  lines.push(`  by kind:    ${sorted(summary.byKind)}`);
  lines.push(`  health checks: ${summary.healthChecks}; Bedrock paths answered in OpenAI's shape (no Bedrock surface yet): ${summary.lenient}`);
  lines.push(`  error-level log lines from the gateway: ${summary.loggedErrorCount}`);
  for (const line of summary.loggedErrors.slice(0, 20)) lines.push(`    ${line.slice(0, 300)}`);
  if (summary.violations.length === 0) {
    lines.push('  violations: none');
  } else {
    lines.push(`  violations: ${summary.violations.length}`);
    for (const v of summary.violations.slice(0, 50)) {
      lines.push(`    #${v.index} [${v.kind}] ${v.method} ${v.target}: ${v.problem}`);
      lines.push(`      replay: npm run fuzz -- --seed ${summary.seed} --case ${v.index}`);
    }
    if (summary.violations.length > 50) lines.push(`    ... and ${summary.violations.length - 50} more`);
  }
  return lines.join('\n');
}
