/**
 * The audit stage: turns each RequestOutcome into its cost and CloudTrail-shaped record, and commits the record
 * to the store of the request's SOURCE region (never another region's), through that store's group committer.
 * `record` resolves only once the record is durably committed; the pipeline awaits it before it sends the last
 * byte of a response. With `audit.enabled: false` no record is built or stored, but cost and metrics are still
 * computed.
 */
import type { Pool } from 'pg';
import type { Catalog } from '../catalog/catalog-types.js';
import type { AuditConfig } from '../config/config-schema.js';
import type { RequestOutcome } from '../pipeline/request-outcome.js';
import { computeCost, type RequestCost } from '../billing/compute-cost.js';
import { assertValidDiscounts, type PricingDiscounts } from '../billing/discount-basis-points.js';
import type { UsageMetrics } from '../billing/usage-metrics.js';
import type { AuditRecord } from './audit-record.js';
import { buildAuditRecord } from './build-audit-record.js';
import { createChainCheckpointer, type AuditCheckpoint, type ChainCheckpointer } from './audit-checkpoint.js';
import { configuredDigestSink } from './checkpoint-digest-sink.js';
import type { AuditStore } from './audit-store-contract.js';
import { createGroupCommitter, type GroupCommitter } from './audit-group-committer.js';
import { createPostgresAuditPool, openAuditStoreForWrite } from './open-audit-stores.js';
import { checkAuditTrailHealth } from './audit-trail-health.js';
import { createCommitFailFast } from './audit-commit-fail-fast.js';
import type { HealthCheck } from '../observability/dependency-health.js';

export interface AuditTrailOptions {
  /** Absolute data directory; SQLite stores live under `<dataDir>/audit/`. */
  dataDir: string;
  config: AuditConfig;
  catalog: Catalog;
  discounts: PricingDiscounts;
  metrics?: UsageMetrics;
  /** Told about every group commit (latency, size, success), for the audit-commit metrics. */
  onCommit?: (report: AuditCommitReport) => void;
  /** Where the checkpoint key and the PostgreSQL URL are read from (`process.env` in the gateway). */
  env: Readonly<Record<string, string | undefined>>;
  /** Errors of the store's connections that no request is waiting on (PostgreSQL going away): logged, not fatal. */
  onStoreError?: (error: Error) => void;
}

/** One group commit of one source region's store. */
export interface AuditCommitReport {
  region: string;
  records: number;
  durationMs: number;
  ok: boolean;
}

export interface AuditTrail extends HealthCheck {
  /** The committed record; `undefined` when the audit trail is disabled, which builds none (cost and metrics only). */
  record(outcome: RequestOutcome): Promise<AuditRecord | undefined>;
  close(): Promise<void>;
}

interface RegionWriter {
  store: Promise<AuditStore>;
  committer: GroupCommitter<AuditRecord, void>;
}

export function createAuditTrail(options: AuditTrailOptions): AuditTrail {
  const { config, catalog, discounts, metrics } = options;
  assertValidDiscounts(discounts);
  const costOf = (outcome: RequestOutcome): RequestCost | undefined =>
    outcome.profile
      ? computeCost({
          catalog,
          discounts,
          profile: outcome.profile,
          sourceRegionId: outcome.sourceRegionId,
          usage: outcome.usage ?? { inputTokens: 0, outputTokens: 0 },
          serviceTier: outcome.serviceTier,
        })
      : undefined;

  if (!config.enabled) {
    return {
      async record(outcome) {
        metrics?.observe(outcome, costOf(outcome));
        return undefined;
      },
      async checkHealth() {
        return { ready: true, detail: 'audit disabled' };
      },
      async close() {},
    };
  }

  const checkpointer = config.checkpoint ? checkpointerFromEnv(config.checkpoint, options.env) : undefined;
  const pool: Pool | undefined = config.store === 'postgres' ? createPostgresAuditPool(config, options.env, options.onStoreError) : undefined;
  const writers = new Map<string, RegionWriter>();
  // Each checkpoint also goes to the digest sink, outside the database. The records are committed by then, so a
  // failed digest write is reported, not turned into a withheld response; verify names the missing digest.
  const digestSink = configuredDigestSink(config.checkpoint, options.dataDir);
  const writeDigest = async (checkpoint: AuditCheckpoint): Promise<void> => {
    await digestSink?.write(checkpoint).catch((error: unknown) => options.onStoreError?.(error instanceof Error ? error : new Error(String(error))));
  };
  let closed = false;

  const writerFor = (region: string): RegionWriter => {
    let writer = writers.get(region);
    if (!writer) {
      const store = openAuditStoreForWrite({ config, dataDir: options.dataDir, region, pool });
      const failFast = createCommitFailFast(region, config.commit.failFastMs);
      const committer = createGroupCommitter<AuditRecord, void>({
        maxBatch: config.commit.maxBatch,
        maxDelayMs: config.commit.maxDelayMs,
        commit: (records) => failFast.run(async () => {
          const startedAt = performance.now();
          let checkpoint: AuditCheckpoint | undefined;
          try {
            ({ checkpoint } = await (await store).append(records, checkpointer));
          } catch (error) {
            options.onCommit?.({ region, records: records.length, durationMs: performance.now() - startedAt, ok: false });
            throw error;
          }
          options.onCommit?.({ region, records: records.length, durationMs: performance.now() - startedAt, ok: true });
          if (checkpoint) await writeDigest(checkpoint);
          return records.map(() => undefined);
        }),
      });
      const created: RegionWriter = { store, committer };
      // A store that failed to open is forgotten, so a later request tries again.
      store.catch(() => writers.get(region) === created && writers.delete(region));
      writers.set(region, (writer = created));
    }
    return writer;
  };

  const checkpointAll = async (force: boolean): Promise<void> => {
    if (!checkpointer) return;
    await Promise.all([...writers.values()].map(async (w) => {
      const checkpoint = await (await w.store).checkpoint(checkpointer, force);
      if (checkpoint) await writeDigest(checkpoint);
    }));
  };
  // Every everyMs, sign each tip that moved since its last checkpoint (appends also sign every everyRecords).
  const timer = config.checkpoint
    ? setInterval(() => void checkpointAll(true).catch(() => undefined), config.checkpoint.everyMs)
    : undefined;
  timer?.unref();

  return {
    async record(outcome) {
      if (closed) throw new Error('the audit trail is closed');
      const cost = costOf(outcome);
      const record = buildAuditRecord(outcome, cost);
      metrics?.observe(outcome, cost);
      await writerFor(record.awsRegion).committer.submit(record);
      return record;
    },
    checkHealth() {
      if (closed) return Promise.resolve({ ready: false, detail: 'the audit trail is closed' });
      return checkAuditTrailHealth({ stores: [...writers.values()].map((w) => w.store), dataDir: options.dataDir, pool });
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      try {
        await Promise.all([...writers.values()].map((w) => w.committer.drain()));
        await checkpointAll(true);
      } finally {
        await Promise.allSettled([...writers.values()].map(async (w) => (await w.store).close()));
        await pool?.end();
      }
    },
  };
}

function checkpointerFromEnv(
  checkpoint: NonNullable<AuditConfig['checkpoint']>,
  env: Readonly<Record<string, string | undefined>>,
): ChainCheckpointer {
  const key = env[checkpoint.keyEnv];
  if (!key) {
    throw new Error(`audit.checkpoint.keyEnv names ${checkpoint.keyEnv}, which is not set: set it to the checkpoint signing key`);
  }
  return createChainCheckpointer({ key, everyRecords: checkpoint.everyRecords, everyMs: checkpoint.everyMs });
}
