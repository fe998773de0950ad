/**
 * Command-line options of `npm run bench` and the timing plan they select: the full run (~21 minutes on two
 * cores, 10 of them the soak) or `--quick` (~3 minutes, a smoke test of every scenario).
 */
export const SCENARIO_NAMES = ['overhead', 'spillover', 'streaming', 'audit', 'limits', 'soak'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface TimingPlan {
  overhead: { rounds: number; firstWarmupSec: number; warmupSec: number; durationSec: number; connections: number; fixedRate: number; fixedRateRounds: number; fixedRateSec: number; profileSec: number };
  spillover: { capacityPerRegion: number; stepSec: number; multipliers: number[]; calibrationSec: number };
  streaming: { concurrency: number; warmupSec: number; durationSec: number; chunkIntervalMs: number };
  audit: { rounds: number; warmupSec: number; durationSec: number; connections: number };
  limits: { rounds: number; warmupSec: number; durationSec: number; connections: number };
  soak: { durationSec: number; warmupSec: number; sampleEverySec: number; jsonRatePerSec: number; streams: number; chunkIntervalMs: number };
}

export interface BenchOptions {
  quick: boolean;
  only: ScenarioName[];
  /** Name used in the results file: `bench/results/<date>-<name>.json`. */
  name: string;
  /** Write docs/benchmarks.md and its charts from this run. */
  writeDoc: boolean;
  plan: TimingPlan;
}

const FULL: TimingPlan = {
  overhead: { rounds: 3, firstWarmupSec: 3, warmupSec: 1, durationSec: 4, connections: 50, fixedRate: 1_000, fixedRateRounds: 2, fixedRateSec: 5, profileSec: 6 },
  spillover: { capacityPerRegion: 8, stepSec: 7, multipliers: [0.5, 1, 2, 3, 4, 4.5, 5, 6], calibrationSec: 4 },
  streaming: { concurrency: 1_000, warmupSec: 4, durationSec: 12, chunkIntervalMs: 100 },
  audit: { rounds: 3, warmupSec: 2, durationSec: 5, connections: 50 },
  limits: { rounds: 3, warmupSec: 2, durationSec: 5, connections: 50 },
  soak: { durationSec: 600, warmupSec: 60, sampleEverySec: 10, jsonRatePerSec: 300, streams: 50, chunkIntervalMs: 25 },
};

const QUICK: TimingPlan = {
  overhead: { rounds: 1, firstWarmupSec: 1, warmupSec: 1, durationSec: 2, connections: 50, fixedRate: 1_000, fixedRateRounds: 1, fixedRateSec: 2, profileSec: 3 },
  spillover: { capacityPerRegion: 8, stepSec: 2, multipliers: [0.5, 2, 4, 6], calibrationSec: 2 },
  streaming: { concurrency: 200, warmupSec: 2, durationSec: 4, chunkIntervalMs: 100 },
  audit: { rounds: 1, warmupSec: 1, durationSec: 2, connections: 50 },
  limits: { rounds: 1, warmupSec: 1, durationSec: 2, connections: 50 },
  soak: { durationSec: 30, warmupSec: 6, sampleEverySec: 2, jsonRatePerSec: 300, streams: 50, chunkIntervalMs: 25 },
};

export const BENCH_USAGE = `usage: npm run bench -- [--quick] [--only ${SCENARIO_NAMES.join(',')}] [--name NAME] [--no-doc]
  --quick   a ~3 minute smoke run of every scenario (results are not written to docs/benchmarks.md)
  --only    run only these scenarios (comma-separated)
  --name    results file name part (default: full or quick; bench/results/<date>-<name>.json, -2, -3... if taken)
  --no-doc  do not regenerate docs/benchmarks.md`;

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  let quick = false;
  let only: ScenarioName[] = [...SCENARIO_NAMES];
  let name: string | undefined;
  let writeDoc: boolean | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--quick') quick = true;
    else if (arg === '--no-doc') writeDoc = false;
    else if (arg === '--doc') writeDoc = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      const names = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = names.filter((n) => !(SCENARIO_NAMES as readonly string[]).includes(n));
      if (unknown.length > 0 || names.length === 0) throw new Error(`--only: unknown scenario "${unknown.join(',')}"; choose from ${SCENARIO_NAMES.join(', ')}`);
      only = names as ScenarioName[];
    } else if (arg === '--name' || arg.startsWith('--name=')) {
      name = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!name || !/^[a-z0-9-]+$/.test(name)) throw new Error('--name: lower-case letters, digits and "-"');
    } else if (arg === '--help' || arg === '-h') {
      throw new Error(BENCH_USAGE);
    } else {
      throw new Error(`unknown option "${arg}"\n${BENCH_USAGE}`);
    }
  }
  const complete = only.length === SCENARIO_NAMES.length;
  return {
    quick,
    only,
    name: name ?? (quick ? 'quick' : complete ? 'full' : only.join('-')),
    writeDoc: writeDoc ?? (!quick && complete),
    plan: quick ? QUICK : FULL,
  };
}
