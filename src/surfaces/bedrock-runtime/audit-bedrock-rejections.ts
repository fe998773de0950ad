/**
 * Runs a Bedrock Runtime handler so that a request refused before the pipeline took over (failed authentication,
 * bad body, unknown model, access denied) still leaves an audit record with what was established, as CloudTrail
 * records denied calls. The error is rethrown for the surface's responder.
 */
import { toGeorouteError } from '../../errors/error-catalog.js';
import type { GatewayContext } from '../../gateway/gateway-context.js';
import { newRequestProgress, recordRejectedRequest, type RequestProgress } from '../../pipeline/record-rejected-request.js';
import type { EventName } from '../../pipeline/request-outcome.js';
import type { HttpExchange } from '../../server/http-exchange.js';

export async function auditingRejections(
  gateway: GatewayContext,
  exchange: HttpExchange,
  eventName: EventName,
  stream: boolean,
  serve: (progress: RequestProgress) => Promise<void>,
): Promise<void> {
  const progress = newRequestProgress();
  progress.stream = stream;
  try {
    await serve(progress);
  } catch (error) {
    if (!progress.handedToPipeline) {
      const rejection = toGeorouteError(error);
      await recordRejectedRequest(gateway.services, exchange, 'bedrock', eventName, progress, gateway.loaded.config.server.defaultSourceRegion, rejection);
    }
    throw error;
  }
}
