/**
 * `npm run fuzz -- [--count N] [--seed S] [--case I] [--concurrency C] [--skip-known-bugs]`: starts a gateway with
 * simulators, throws N generated requests at it, prints a summary (counts by status, violations with the command
 * that replays each) and exits 1 if anything was violated. `--case I` replays one case of a seed;
 * `--skip-known-bugs` leaves out the requests that hit already reported bugs.
 */
import { formatCampaignSummary, runFuzzCampaign, startFuzzGateway } from './run-fuzz-campaign.js';
import { parseArgs } from 'node:util';

const usage = 'usage: npm run fuzz -- [--count N] [--seed S] [--case I] [--concurrency C] [--skip-known-bugs]';

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer, got "${value}". ${usage}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: { count: { type: 'string' }, seed: { type: 'string' }, case: { type: 'string' }, concurrency: { type: 'string' }, 'skip-known-bugs': { type: 'boolean' }, help: { type: 'boolean' } },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}. ${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const seed = positiveInt(values.seed as string | undefined, Date.now() % 2 ** 31, 'seed');
  const single = values.case === undefined ? undefined : positiveInt(values.case as string, 0, 'case');
  const count = single === undefined ? positiveInt(values.count as string | undefined, 2_000, 'count') : 1;
  const concurrency = Math.max(1, positiveInt(values.concurrency as string | undefined, 8, 'concurrency'));

  const gateway = await startFuzzGateway();
  const crashes: unknown[] = [];
  process.on('uncaughtException', (error) => crashes.push(error));
  let lastPrint = 0;
  try {
    console.log(`fuzzing ${gateway.url} with seed ${seed}${single === undefined ? `, ${count} cases` : `, case ${single}`}`);
    const summary = await runFuzzCampaign(gateway, {
      seed,
      count,
      first: single ?? 0,
      concurrency,
      knownBugs: values['skip-known-bugs'] !== true,
      onProgress: (done, total, violations) => {
        if (process.stdout.isTTY && Date.now() - lastPrint > 250) {
          lastPrint = Date.now();
          process.stdout.write(`\r  ${done}/${total} cases, ${violations} violations`);
        }
      },
    });
    if (process.stdout.isTTY) process.stdout.write('\r\x1b[K');
    console.log(formatCampaignSummary(summary));
    if (crashes.length > 0) console.log(`  uncaught exceptions in the process: ${crashes.length}: ${String(crashes[0])}`);
    return summary.violations.length === 0 && crashes.length === 0 ? 0 : 1;
  } finally {
    await gateway.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`fuzz run failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
