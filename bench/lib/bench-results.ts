/** The shape of `bench/results/<date>-<name>.json`: the machine, the plan, and each scenario's raw runs and summary. */
import type { AuditResult } from '../scenarios/audit-scenario.js';
import type { LimitsResult } from '../scenarios/limits-scenario.js';
import type { OverheadResult } from '../scenarios/overhead-scenario.js';
import type { SpilloverResult } from '../scenarios/spillover-scenario.js';
import type { StreamingResult } from '../scenarios/streaming-scenario.js';
import type { SoakResult } from '../scenarios/soak-scenario.js';
import type { TimingPlan } from './bench-options.js';
import type { MachineDescription } from './machine-description.js';

export interface BenchResults {
  startedAt: string;
  command: string;
  quick: boolean;
  machine: MachineDescription;
  plan: TimingPlan;
  durationSec?: number;
  loadAverageAtEnd?: number[];
  overhead?: OverheadResult;
  spillover?: SpilloverResult;
  streaming?: StreamingResult;
  audit?: AuditResult;
  limits?: LimitsResult;
  soak?: SoakResult;
}
