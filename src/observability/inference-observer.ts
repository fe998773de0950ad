/**
 * The one contract through which tracing watches a request's stages, so instruments attach at stage boundaries and
 * never inside handlers. The pipeline asks for an observation when a request starts; with no observer configured
 * (tracing off, the default) it gets `undefined` and every hook below is a skipped optional call: no object is
 * allocated on the hot path. Metrics do not need these hooks: they read the finished RequestOutcome.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Deployment } from '../catalog/catalog-types.js';
import type { RequestOutcome } from '../pipeline/request-outcome.js';

export interface RequestStart {
  requestId: string;
  /** Epoch ms the request arrived. */
  receivedAt: number;
  /** The caller's headers: only `traceparent` / `tracestate` are read. */
  headers: IncomingHttpHeaders;
  surface: string;
  eventName: string;
  /** The model id as the client sent it. */
  requestedModelId: string;
}

export interface AttemptObservation {
  /** Headers to send to the upstream with this attempt (W3C `traceparent`, `tracestate`). */
  readonly headers: Readonly<Record<string, string>>;
  /** The attempt ended: the upstream answered (`failure` undefined) or failed with this error. */
  end(failure?: unknown): void;
}

export interface RequestObservation {
  /** One routing attempt at one deployment begins. */
  startAttempt(deployment: Deployment, attemptNumber: number): AttemptObservation;
  /** Commits the audit record through `record`, observed as the audit-commit stage, then ends the request. */
  commit<T>(outcome: RequestOutcome, record: (outcome: RequestOutcome) => Promise<T>): Promise<T>;
}

export interface InferenceObserver {
  startRequest(start: RequestStart): RequestObservation;
  /** Flush what is buffered and stop (gateway shutdown). */
  close(): Promise<void>;
}
