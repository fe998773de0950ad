/** The audit stage: commits the request's record (durable before the answer completes), then tells the observers. */
import type { GeorouteError } from '../errors/error-catalog.js';
import type { RequestObservation } from '../observability/inference-observer.js';
import type { PipelineServices } from './pipeline-services.js';
import type { RequestContext } from './request-context.js';
import type { RequestOutcome } from './request-outcome.js';
import { requestOutcomeOf } from './request-outcome-of.js';

/** Commits one outcome's audit record (inside the request's trace span, when traced), then tells the observers. */
export async function commitOutcome(
  services: Pick<PipelineServices, 'audit' | 'onOutcome'>,
  observation: RequestObservation | undefined,
  outcome: RequestOutcome,
): Promise<void> {
  const record = (o: RequestOutcome) => services.audit.record(o);
  await (observation ? observation.commit(outcome, record) : record(outcome));
  for (const observe of services.onOutcome) observe(outcome);
}

export function commitRequestOutcome(services: PipelineServices, context: RequestContext, status: number, error?: GeorouteError): Promise<void> {
  return commitOutcome(services, context.observation, requestOutcomeOf(context, status, error));
}
