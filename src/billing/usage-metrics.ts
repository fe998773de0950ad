/**
 * Prometheus counters of usage and cost, registered on a registry the caller owns (never the global default):
 * requests, input/output tokens and cost in micro-units, by source region, inference region, profile (application
 * profiles folded into `application`, see metric-labels.ts) and outcome
 * (cost also by currency). The cost counter follows the exact sum: it holds round(sum of exact costs) for each
 * label set, so per-request rounding never drifts.
 */
import { Counter, type Registry } from 'prom-client';
import type { RequestOutcome } from '../pipeline/request-outcome.js';
import { auditOutcomeOf } from '../audit/build-audit-record.js';
import type { RequestCost } from './compute-cost.js';
import { roundAttosToMicros } from './exact-money.js';
import { profileLabel } from '../observability/metrics/metric-labels.js';

export interface UsageMetrics {
  observe(outcome: RequestOutcome, cost: RequestCost | undefined): void;
}

const labelNames = ['source_region', 'inference_region', 'profile', 'outcome'] as const;

type UsageLabels = Record<(typeof labelNames)[number], string>;

/** One label set's running totals, summed per request and handed to prom-client only when it is scraped. */
interface UsageCell {
  labels: UsageLabels;
  requests: number;
  /** Token series exist for a label set once a request of it reported usage, as with direct increments. */
  withUsage: boolean;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

interface CostCell {
  labels: UsageLabels & { currency: string };
  attos: bigint;
}

/** Refused here, as prom-client's own increment would: a bad count must not reach the totals and break a scrape. */
function tokenCount(value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new TypeError(`not a token count: ${value}`);
  return value;
}

/**
 * Per request this is a string key and a Map lookup: prom-client's label hashing and validation run once per label
 * set at scrape time (each counter's `collect`), not six times per request.
 */
export function createUsageMetrics(registry: Registry): UsageMetrics {
  const registers = [registry];
  const cells = new Map<string, UsageCell>();
  const costCells = new Map<string, CostCell>();
  const counter = (name: string, help: string, valueOf: (cell: UsageCell) => number | undefined) =>
    new Counter({
      name,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        for (const cell of cells.values()) {
          const value = valueOf(cell);
          if (value !== undefined) this.inc(cell.labels, value);
        }
      },
    });
  counter('georoute_requests_total', 'Requests that reached the audit stage.', (cell) => cell.requests);
  counter('georoute_input_tokens_total', 'Input tokens.', (cell) => (cell.withUsage ? cell.inputTokens : undefined));
  counter('georoute_output_tokens_total', 'Output tokens.', (cell) => (cell.withUsage ? cell.outputTokens : undefined));
  counter('georoute_cache_read_input_tokens_total', 'Input tokens read from the upstream prompt cache.', (cell) => (cell.withUsage ? cell.cacheReadTokens : undefined));
  counter('georoute_cache_write_input_tokens_total', 'Input tokens written to the upstream prompt cache.', (cell) => (cell.withUsage ? cell.cacheWriteTokens : undefined));
  new Counter({
    name: 'georoute_cost_micros_total',
    help: 'Cost in micro-units of the currency, at the source region price after discounts.',
    labelNames: [...labelNames, 'currency'],
    registers,
    collect() {
      this.reset();
      for (const cell of costCells.values()) this.inc(cell.labels, Number(roundAttosToMicros(cell.attos)));
    },
  });

  return {
    observe(outcome, cost) {
      const sourceRegion = outcome.sourceRegionId;
      const inferenceRegion = outcome.inferenceRegionId ?? (outcome.inferenceRegionCandidates ? 'delegated' : 'none');
      const profile = profileLabel(outcome.profile);
      const result = auditOutcomeOf(outcome);
      const key = `${sourceRegion}\n${inferenceRegion}\n${profile}\n${result}`;
      let cell = cells.get(key);
      if (cell === undefined) {
        const labels = { source_region: sourceRegion, inference_region: inferenceRegion, profile, outcome: result };
        cell = { labels, requests: 0, withUsage: false, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
        cells.set(key, cell);
      }
      cell.requests += 1;
      const usage = outcome.usage;
      if (usage) {
        cell.withUsage = true;
        cell.inputTokens += tokenCount(usage.inputTokens);
        cell.outputTokens += tokenCount(usage.outputTokens);
        cell.cacheReadTokens += tokenCount(usage.cacheReadInputTokens ?? 0);
        cell.cacheWriteTokens += tokenCount(usage.cacheWriteInputTokens ?? 0);
      }
      if (!cost) return;
      // The counter holds round(sum of exact costs) for each label set, so per-request rounding never drifts.
      const costKey = `${key}\n${cost.currency}`;
      const costCell = costCells.get(costKey);
      if (costCell === undefined) costCells.set(costKey, { labels: { ...cell.labels, currency: cost.currency }, attos: cost.attos });
      else costCell.attos += cost.attos;
    },
  };
}
