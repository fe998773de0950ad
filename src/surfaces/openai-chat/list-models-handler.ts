/** GET /v1/models: every inference profile a client may name as `model`, OpenAI's list shape plus georoute fields. */
import type { GatewayContext } from '../../gateway/gateway-context.js';
import type { HttpExchange } from '../../server/http-exchange.js';
import { authenticateExchange } from '../../api/authenticate-exchange.js';
import { defaultSourceRegionOf } from '../../auth/identity.js';

export async function handleListModels(gateway: GatewayContext, exchange: HttpExchange): Promise<void> {
  const { identity } = authenticateExchange(gateway, exchange, new Uint8Array());
  const sourceRegionId = defaultSourceRegionOf(identity, gateway.loaded.config.server.defaultSourceRegion);
  const data = gateway.profiles.list().map((profile) => {
    let regions: readonly string[] = [];
    try {
      regions = gateway.services.router.boundary(profile, sourceRegionId, identity);
    } catch {
      regions = [];
    }
    return {
      id: profile.id,
      object: 'model',
      created: 0,
      owned_by: 'georoute',
      georoute: { type: profile.type, kind: gateway.loaded.catalog.models.get(profile.modelId)?.kind ?? 'chat', model: profile.modelId, scope: profile.scope, regions_from_default_source: regions },
    };
  });
  const body = JSON.stringify({ object: 'list', data });
  exchange.response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'x-request-id': exchange.requestId });
  exchange.response.end(body);
}
