/**
 * GET /v1/models: every inference profile a client may name as `model`; GET /v1/models/{id}: one of them (the
 * openai SDK percent-encodes the id, so `eu.amazon.nova-2-lite-v1%3A0` and ARNs with `%2F` work), 404 in OpenAI's
 * error shape for an id that names none. OpenAI's shapes plus georoute fields (openai-model-object.ts).
 */
import { listingCaller, profileNamedInPath } from '../../api/listed-models.js';
import type { GatewayContext } from '../../gateway/gateway-context.js';
import type { HttpExchange } from '../../server/http-exchange.js';
import { openAiModelObject } from './openai-model-object.js';

function sendJson(exchange: HttpExchange, value: unknown): void {
  const body = JSON.stringify(value);
  exchange.response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'x-request-id': exchange.requestId });
  exchange.response.end(body);
}

export async function handleListModels(gateway: GatewayContext, exchange: HttpExchange): Promise<void> {
  const caller = listingCaller(gateway, exchange);
  sendJson(exchange, { object: 'list', data: gateway.profiles.list().map((profile) => openAiModelObject(gateway, profile, caller)) });
}

export async function handleRetrieveModel(gateway: GatewayContext, exchange: HttpExchange, params: Readonly<Record<string, string>>): Promise<void> {
  const caller = listingCaller(gateway, exchange);
  const { id, profile } = profileNamedInPath(gateway, params);
  sendJson(exchange, { ...openAiModelObject(gateway, profile, caller), id });
}
