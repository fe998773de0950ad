/**
 * The one way a request the pipeline took over ends in an error before its answer started: commit the audit
 * record, then answer in the caller's wire (the surface renders the catalog error). If the record cannot be
 * committed the caller gets that error instead; a caller that went away gets nothing.
 */
import { GeorouteError } from '../errors/error-catalog.js';
import { commitRequestOutcome } from './commit-request-outcome.js';
import type { PipelineServices } from './pipeline-services.js';
import type { RequestContext } from './request-context.js';

export async function finishWithError(services: PipelineServices, context: RequestContext, error: GeorouteError, options: { answer: boolean }): Promise<void> {
  let answer = error;
  try {
    await commitRequestOutcome(services, context, error.status, error);
  } catch (auditError) {
    services.logger.error({ err: auditError, requestId: context.requestId }, 'audit record could not be committed');
    answer = new GeorouteError('internal', 'The audit record could not be committed; the response was withheld.');
  }
  if (options.answer) context.call.writer.sendError(answer, context.headers());
}
