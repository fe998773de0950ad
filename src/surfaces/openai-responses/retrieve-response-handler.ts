/**
 * `GET /v1/responses/{id}`: a stored response (`responses.store`), from the caller's source-region store and only
 * for the identity that created it. Without a store it is a 400 that says so; an unknown, expired or foreign id is
 * a 404, as OpenAI answers.
 */
import { authenticateExchange } from '../../api/authenticate-exchange.js';
import { GeorouteError } from '../../errors/error-catalog.js';
import type { GatewayContext } from '../../gateway/gateway-context.js';
import { resolveSourceRegion, SOURCE_REGION_HEADER } from '../../pipeline/resolve-source-region.js';
import { headerValue, type HttpExchange } from '../../server/http-exchange.js';
import { readRequestBody } from '../../server/read-request-body.js';

export async function handleRetrieveResponse(gateway: GatewayContext, exchange: HttpExchange, params: Readonly<Record<string, string>>): Promise<void> {
  const { config, catalog } = gateway.loaded;
  const raw = await readRequestBody(exchange.request, config.server.maxBodyBytes);
  const { identity } = authenticateExchange(gateway, exchange, raw);
  const sourceRegionId = resolveSourceRegion(catalog, headerValue(exchange.request, SOURCE_REGION_HEADER), identity, config.server.defaultSourceRegion);
  const stores = gateway.responseStores;
  if (stores === undefined) {
    throw new GeorouteError('invalid_request', 'This gateway keeps no responses (responses.store is off), so none can be retrieved.', { param: 'response_id' });
  }
  const id = decodeURIComponent(params.id ?? '');
  const stored = stores.forRegion(sourceRegionId).get(id, `${identity.type}:${identity.id}`, Date.now());
  if (stored === undefined) {
    throw new GeorouteError('resource_not_found', `No response with id "${id}" in the response store of ${sourceRegionId} (it may have expired).`, { param: 'response_id' });
  }
  const body = JSON.stringify(stored.response);
  exchange.response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'x-request-id': exchange.requestId, 'x-georoute-source-region': sourceRegionId });
  exchange.response.end(body);
}
