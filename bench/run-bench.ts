/**
 * `npm run bench [-- --quick] [-- --only overhead,spillover,streaming,audit,soak]`: runs the scenarios of issue 5 (part
 * 1-5), prints progress and a summary, writes `bench/results/<date>-<name>.json` (`<date>-<name>-2.json` and so on
 * when that file exists: a run never overwrites another's results), and (full runs) regenerates docs/benchmarks.md
 * with its SVG charts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBenchOptions, type BenchOptions } from './lib/bench-options.js';
import { describeMachine } from './lib/machine-description.js';
import { renderBenchmarksDoc } from './lib/render-benchmarks-doc.js';
import { renderTerminalSummary } from './lib/render-terminal-summary.js';
import type { BenchResults } from './lib/bench-results.js';
import { runAuditScenario } from './scenarios/audit-scenario.js';
import { runLimitsScenario } from './scenarios/limits-scenario.js';
import { runOverheadScenario } from './scenarios/overhead-scenario.js';
import { runSpilloverScenario } from './scenarios/spillover-scenario.js';
import { runStreamingScenario } from './scenarios/streaming-scenario.js';
import { runSoakScenario } from './scenarios/soak-scenario.js';

let options: BenchOptions;
try {
  options = parseBenchOptions(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

const started = Date.now();
const log = (line: string) => {
  const elapsed = Math.round((Date.now() - started) / 1000);
  console.log(`[${String(Math.floor(elapsed / 60)).padStart(2, '0')}:${String(elapsed % 60).padStart(2, '0')}] ${line}`);
};
const machine = describeMachine();
const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
log(`georoute bench (${options.quick ? 'quick' : 'full'}): ${options.only.join(', ')} on ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}`);

// Gateways run the compiled build (bench/lib/gateway-server-process.ts), so build it first; tsc is incremental.
if (process.env.GEOROUTE_BENCH_BUILD !== 'source') {
  log('building dist/ (npm run build)');
  const build = spawnSync(process.execPath, ['scripts/build.js'], { stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('bench: npm run build failed; fix the build or set GEOROUTE_BENCH_BUILD=source');
    process.exit(1);
  }
}

const results: BenchResults = { startedAt: new Date(started).toISOString(), command, quick: options.quick, machine, plan: options.plan };
let failed = false;
for (const scenario of options.only) {
  try {
    if (scenario === 'overhead') results.overhead = await runOverheadScenario(options, log);
    if (scenario === 'spillover') results.spillover = await runSpilloverScenario(options, log);
    if (scenario === 'streaming') results.streaming = await runStreamingScenario(options, log, machine.openFilesLimit);
    if (scenario === 'audit') results.audit = await runAuditScenario(options, log);
    if (scenario === 'limits') results.limits = await runLimitsScenario(options, log);
    if (scenario === 'soak') results.soak = await runSoakScenario(options, log);
  } catch (error) {
    failed = true;
    log(`${scenario}: FAILED: ${(error as Error).stack ?? String(error)}`);
  }
}
results.durationSec = Math.round((Date.now() - started) / 1000);
results.loadAverageAtEnd = (await import('node:os')).loadavg().map((v) => Math.round(v * 100) / 100);

mkdirSync('bench/results', { recursive: true });
const resultsFile = writeNewFile(join('bench/results', `${results.startedAt.slice(0, 10)}-${options.name}`), `${JSON.stringify(results, null, 1)}\n`);
console.log(`\n${renderTerminalSummary(results)}\n`);
log(`results written to ${resultsFile}`);
if (options.writeDoc && !failed) {
  const written = renderBenchmarksDoc(results, resultsFile);
  log(`report written to ${written.join(', ')}`);
}
process.exit(failed ? 1 : 0);

/** Writes `<base>.json`, or `<base>-2.json`, `<base>-3.json`... if it exists; returns the file written. */
function writeNewFile(base: string, text: string): string {
  for (let n = 1; ; n += 1) {
    const file = n === 1 ? `${base}.json` : `${base}-${n}.json`;
    try {
      writeFileSync(file, text, { flag: 'wx' });
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
