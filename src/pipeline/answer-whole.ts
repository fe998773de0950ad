/**
 * Answer a non-streaming request: give the slot back with the real token count, commit the audit record, then
 * send the body (as the upstream sent it on the fast path, rendered by the surface from the canonical result
 * otherwise). If the record cannot be committed the caller gets an error instead of the answer.
 */
import { GeorouteError } from '../errors/error-catalog.js';
import type { NativeResponse, ProviderGenerateResponse } from '../inference/inference-provider-contract.js';
import type { WireBody } from '../inference/wire-format.js';
import { tokenUsageOf } from '../providers/inference-usage-conversion.js';
import { commitRequestOutcome } from './commit-request-outcome.js';
import type { PipelineServices } from './pipeline-services.js';
import type { RequestContext } from './request-context.js';

export async function answerWhole(
  services: PipelineServices,
  context: RequestContext,
  answer: { kind: 'native'; response: Extract<NativeResponse, { kind: 'json' }> } | { kind: 'generated'; response: ProviderGenerateResponse },
): Promise<void> {
  const { call } = context;
  let body: WireBody['body'];
  if (answer.kind === 'native') {
    context.usage = tokenUsageOf(answer.response.usage);
    body = answer.response.body;
  } else {
    const surface = call.surface;
    if (surface === undefined) throw new GeorouteError('internal', 'A converted answer reached a surface that cannot render one.');
    context.usage = tokenUsageOf(answer.response.result.usage);
    body = surface.renderResult(answer.response.result, context.renderContext());
  }
  await context.lease?.complete(context.usage);
  try {
    await commitRequestOutcome(services, context, 200);
  } catch (auditError) {
    services.logger.error({ err: auditError, requestId: context.requestId }, 'audit record could not be committed');
    call.writer.sendError(new GeorouteError('internal', 'The audit record could not be committed; the response was withheld.'), context.headers());
    return;
  }
  call.writer.sendJson(body, context.headers(), context.usage);
}
