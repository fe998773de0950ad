/**
 * Per-request Prometheus instruments, fed once per finished request from its RequestOutcome (an `onOutcome`
 * observer, after the audit record is committed): request duration and time to first token by surface, profile,
 * source and inference region; each upstream attempt's duration and outcome by deployment; spillover and refusal
 * counters. Constant work per request (a few label lookups); nothing is read from the request's content.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { Catalog } from '../../catalog/catalog-types.js';
import type { RequestOutcome } from '../../pipeline/request-outcome.js';
import { errorCodeLabel, inferenceRegionLabel, outcomeLabel, profileLabel } from './metric-labels.js';

/** Seconds: from a refused request (ms) to a long generation (minutes). */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
export const FIRST_TOKEN_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

const requestLabels = ['surface', 'stream', 'profile', 'source_region', 'inference_region', 'outcome'] as const;

export type RequestMetricsObserver = (outcome: RequestOutcome) => void;

export function createRequestMetrics(registry: Registry, catalog: Catalog): RequestMetricsObserver {
  const registers = [registry];
  const duration = new Histogram({
    name: 'georoute_request_duration_seconds',
    help: 'Inference requests, from arrival to the audit record committed (the last byte of a stream follows at once).',
    labelNames: requestLabels,
    buckets: DURATION_BUCKETS,
    registers,
  });
  const firstToken = new Histogram({
    name: 'georoute_time_to_first_token_seconds',
    help: 'Streamed requests: from arrival to the first event that carried output, relayed to the client.',
    labelNames: ['surface', 'profile', 'source_region', 'inference_region'] as const,
    buckets: FIRST_TOKEN_BUCKETS,
    registers,
  });
  const attempts = new Histogram({
    name: 'georoute_upstream_attempt_duration_seconds',
    help: 'Upstream attempts, until the upstream answered (response headers) or failed, by deployment and outcome.',
    labelNames: ['deployment', 'region', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  const spillover = new Counter({
    name: 'georoute_spillover_requests_total',
    help: 'Successful requests that ran in another region than their source region (inside the residency boundary).',
    labelNames: ['profile', 'source_region', 'inference_region'] as const,
    registers,
  });
  const refused = new Counter({
    name: 'georoute_refused_requests_total',
    help: 'Requests answered with an error status (4xx/5xx), by error code: no capacity, outside the boundary, bad input...',
    labelNames: ['surface', 'profile', 'source_region', 'code'] as const,
    registers,
  });
  // A deployment's label pair is fixed by the catalog: look it up instead of trusting the outcome's strings.
  const deploymentRegion = new Map(catalog.deployments.map((d) => [d.id, d.regionId]));

  // Source regions are checked against the catalog before they are recorded; the guard keeps the set closed anyway.
  const sourceOf = (outcome: RequestOutcome): string => (catalog.regions.has(outcome.sourceRegionId) ? outcome.sourceRegionId : 'unknown');

  return (outcome) => {
    const source = sourceOf(outcome);
    const profile = profileLabel(outcome.profile);
    const inferenceRegion = inferenceRegionLabel(outcome);
    const result = outcomeLabel(outcome);
    duration.observe(
      { surface: outcome.surface, stream: outcome.stream ? 'true' : 'false', profile, source_region: source, inference_region: inferenceRegion, outcome: result },
      outcome.durationMs / 1000,
    );
    if (outcome.firstTokenMs !== undefined) {
      firstToken.observe({ surface: outcome.surface, profile, source_region: source, inference_region: inferenceRegion }, outcome.firstTokenMs / 1000);
    }
    for (const attempt of outcome.attempts) {
      attempts.observe({ deployment: attempt.deploymentId, region: deploymentRegion.get(attempt.deploymentId) ?? attempt.regionId, outcome: attempt.outcome }, attempt.durationMs / 1000);
    }
    if (result === 'success' && outcome.inferenceRegionId !== undefined && outcome.inferenceRegionId !== source) {
      spillover.inc({ profile, source_region: source, inference_region: outcome.inferenceRegionId });
    }
    if (outcome.status >= 400) {
      refused.inc({ surface: outcome.surface, profile, source_region: source, code: errorCodeLabel(outcome) });
    }
  };
}
