/**
 * Runs a surface's handler so that a request refused before the pipeline took over (failed authentication, bad
 * body, unknown model, access denied) still leaves an audit record with what was established, as CloudTrail
 * records denied calls. The error is rethrown for the surface's responder. Once the pipeline has the request it
 * writes the record itself.
 */
import { toGeorouteError } from '../errors/error-catalog.js';
import type { GatewayContext } from '../gateway/gateway-context.js';
import { newRequestProgress, recordRejectedRequest, type RequestProgress } from '../pipeline/record-rejected-request.js';
import type { EventName, RequestOutcome } from '../pipeline/request-outcome.js';
import type { HttpExchange } from '../server/http-exchange.js';

export async function auditingRejections(
  gateway: GatewayContext,
  exchange: HttpExchange,
  surface: RequestOutcome['surface'],
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
      await recordRejectedRequest(gateway.services, exchange, surface, eventName, progress, gateway.loaded.config.server.defaultSourceRegion, toGeorouteError(error));
    }
    throw error;
  }
}
