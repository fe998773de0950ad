/** What the inference pipeline needs from the running gateway; built once by the gateway runtime. */
import type { Logger } from 'pino';
import type { HealthCheck } from '../observability/dependency-health.js';
import type { Catalog } from '../catalog/catalog-types.js';
import type { CapacityStore, Router } from '../routing/routing-contract.js';
import type { InferenceObserver } from '../observability/inference-observer.js';
import type { InferenceProvider } from '../inference/inference-provider-contract.js';
import type { RequestOutcome } from './request-outcome.js';
import type { RequestAdmission } from '../limits/limit-stage.js';

/** Commits one audit record; resolves only when it is durable. */
export interface AuditSink extends HealthCheck {
  record(outcome: RequestOutcome): Promise<unknown>;
  close(): Promise<void>;
}

export interface PipelineServices {
  catalog: Catalog;
  router: Router;
  /** Health and capacity bookkeeping; the pipeline reports what happens after dispatch (a stream cut mid-way). */
  capacity: CapacityStore;
  providerFor(deploymentId: string): InferenceProvider;
  audit: AuditSink;
  /** Observers of finished requests (metrics); called after the audit record is committed. */
  onOutcome: ReadonlyArray<(outcome: RequestOutcome) => void>;
  /** Tracing of each request's stages (observability.tracing); undefined when it is off. */
  observer?: InferenceObserver;
  logger: Logger;
  /** The limit stage (src/limits/): per-key and per-team budgets and rate limits, checked before dispatch. */
  limits?: RequestAdmission;
}
