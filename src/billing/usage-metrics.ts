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

export function createUsageMetrics(registry: Registry): UsageMetrics {
  const registers = [registry];
  const requests = new Counter({ name: 'georoute_requests_total', help: 'Requests that reached the audit stage.', labelNames, registers });
  const inputTokens = new Counter({ name: 'georoute_input_tokens_total', help: 'Input tokens.', labelNames, registers });
  const outputTokens = new Counter({ name: 'georoute_output_tokens_total', help: 'Output tokens.', labelNames, registers });
  const cacheReadTokens = new Counter({ name: 'georoute_cache_read_input_tokens_total', help: 'Input tokens read from the upstream prompt cache.', labelNames, registers });
  const cacheWriteTokens = new Counter({ name: 'georoute_cache_write_input_tokens_total', help: 'Input tokens written to the upstream prompt cache.', labelNames, registers });
  const costMicros = new Counter({
    name: 'georoute_cost_micros_total',
    help: 'Cost in micro-units of the currency, at the source region price after discounts.',
    labelNames: [...labelNames, 'currency'],
    registers,
  });
  const exactCost = new Map<string, bigint>();

  return {
    observe(outcome, cost) {
      const labels = {
        source_region: outcome.sourceRegionId,
        inference_region: outcome.inferenceRegionId ?? (outcome.inferenceRegionCandidates ? 'delegated' : 'none'),
        profile: profileLabel(outcome.profile),
        outcome: auditOutcomeOf(outcome),
      };
      requests.inc(labels);
      if (outcome.usage) {
        inputTokens.inc(labels, outcome.usage.inputTokens);
        outputTokens.inc(labels, outcome.usage.outputTokens);
        cacheReadTokens.inc(labels, outcome.usage.cacheReadInputTokens ?? 0);
        cacheWriteTokens.inc(labels, outcome.usage.cacheWriteInputTokens ?? 0);
      }
      if (!cost) return;
      const costLabels = { ...labels, currency: cost.currency };
      const key = JSON.stringify(costLabels);
      const before = exactCost.get(key) ?? 0n;
      const after = before + cost.attos;
      exactCost.set(key, after);
      costMicros.inc(costLabels, Number(roundAttosToMicros(after) - roundAttosToMicros(before)));
    },
  };
}
