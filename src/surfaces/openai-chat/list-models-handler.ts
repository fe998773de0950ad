/**
 * GET /v1/models: every inference profile a client may name as `model`; GET /v1/models/{id}: one of them (the
 * openai SDK percent-encodes the id, so `eu.amazon.nova-2-lite-v1%3A0` and ARNs with `%2F` work), 404 in OpenAI's
 * error shape for an id that names none. OpenAI's shapes plus georoute fields (openai-model-object.ts).
 */
import type { GatewayContext } from '../../gateway/gateway-context.js';
import type { HttpExchange } from '../../server/http-exchange.js';
import { authenticateExchange } from '../../api/authenticate-exchange.js';
import { defaultSourceRegionOf } from '../../auth/identity.js';
import { GeorouteError } from '../../errors/error-catalog.js';
import { openAiModelObject } from './openai-model-object.js';

function sendJson(exchange: HttpExchange, value: unknown): void {
  const body = JSON.stringify(value);
  exchange.response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'x-request-id': exchange.requestId });
  exchange.response.end(body);
}

export async function handleListModels(gateway: GatewayContext, exchange: HttpExchange): Promise<void> {
  const { identity } = authenticateExchange(gateway, exchange, new Uint8Array());
  const sourceRegionId = defaultSourceRegionOf(identity, gateway.loaded.config.server.defaultSourceRegion);
  sendJson(exchange, { object: 'list', data: gateway.profiles.list().map((profile) => openAiModelObject(gateway, profile, identity, sourceRegionId)) });
}

export async function handleRetrieveModel(gateway: GatewayContext, exchange: HttpExchange, params: Readonly<Record<string, string>>): Promise<void> {
  const { identity } = authenticateExchange(gateway, exchange, new Uint8Array());
  let id: string;
  try {
    id = decodeURIComponent(params.id ?? '');
  } catch {
    throw new GeorouteError('invalid_request', 'The model id in the path is not valid percent-encoding.', { param: 'model' });
  }
  const resolved = gateway.profiles.resolve(id);
  if (!resolved) throw new GeorouteError('profile_not_found', `The model '${id}' does not exist. GET /v1/models lists them.`, { param: 'model' });
  const sourceRegionId = defaultSourceRegionOf(identity, gateway.loaded.config.server.defaultSourceRegion);
  sendJson(exchange, { ...openAiModelObject(gateway, resolved.profile, identity, sourceRegionId), id });
}
