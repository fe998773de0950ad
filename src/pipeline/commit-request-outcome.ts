/** The audit stage: commits the request's record (durable before the answer completes), then tells the observers. */
import type { GeorouteError } from '../errors/error-catalog.js';
import type { PipelineServices } from './pipeline-services.js';
import type { RequestContext } from './request-context.js';
import { requestOutcomeOf } from './request-outcome-of.js';

export async function commitRequestOutcome(services: PipelineServices, context: RequestContext, status: number, error?: GeorouteError): Promise<void> {
  const outcome = requestOutcomeOf(context, status, error);
  const record = (o: typeof outcome) => services.audit.record(o);
  await (context.observation ? context.observation.commit(outcome, record) : record(outcome));
  for (const observe of services.onOutcome) observe(outcome);
}
