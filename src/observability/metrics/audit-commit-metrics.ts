/**
 * The audit stage seen from Prometheus: each group commit's latency and size (records per transaction), and failed
 * commits, per source-region store. A response waits for its record, so commit latency is part of every request's.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { AuditCommitReport } from '../../audit/audit-trail.js';

export function createAuditCommitMetrics(registry: Registry): (report: AuditCommitReport) => void {
  const registers = [registry];
  const latency = new Histogram({
    name: 'georoute_audit_commit_duration_seconds',
    help: 'One group commit of audit records to the store of a source region (one transaction).',
    labelNames: ['region', 'outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const batch = new Histogram({
    name: 'georoute_audit_commit_batch_size',
    help: 'Audit records per group commit.',
    labelNames: ['region'] as const,
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],
    registers,
  });
  const failures = new Counter({
    name: 'georoute_audit_commit_failures_total',
    help: 'Group commits that failed; their requests were answered with an error instead.',
    labelNames: ['region'] as const,
    registers,
  });
  return (report) => {
    latency.observe({ region: report.region, outcome: report.ok ? 'success' : 'error' }, report.durationMs / 1000);
    batch.observe({ region: report.region }, report.records);
    if (!report.ok) failures.inc({ region: report.region });
  };
}
