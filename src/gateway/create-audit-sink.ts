/** The audit stage of a running gateway: the per-source-region audit trail, which also feeds the usage and audit-commit metrics. */
import type { Registry } from 'prom-client';
import { createAuditCommitMetrics } from '../observability/metrics/audit-commit-metrics.js';
import { createAuditTrail } from '../audit/audit-trail.js';
import { createUsageMetrics } from '../billing/usage-metrics.js';
import type { LoadedConfig } from '../config/loaded-config.js';
import type { AuditSink } from '../pipeline/pipeline-services.js';
import type { RequestOutcome } from '../pipeline/request-outcome.js';

export async function createAuditSink(
  loaded: LoadedConfig,
  registry: Registry,
  env: NodeJS.ProcessEnv,
  onStoreError?: (error: Error) => void,
): Promise<{ audit: AuditSink; observers: Array<(outcome: RequestOutcome) => void> }> {
  const audit = createAuditTrail({
    dataDir: loaded.dataDir,
    config: loaded.config.audit,
    catalog: loaded.catalog,
    discounts: loaded.config.pricing.discounts,
    metrics: createUsageMetrics(registry),
    onCommit: createAuditCommitMetrics(registry),
    env,
    onStoreError,
  });
  return { audit, observers: [] };
}
