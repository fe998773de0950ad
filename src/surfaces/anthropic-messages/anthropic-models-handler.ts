/**
 * `GET /v1/models` and `GET /v1/models/{id}` for the Anthropic SDKs (`client.models.list()`, `.retrieve(id)`), told
 * from the openai SDK's requests on the same paths by the `anthropic-version` header every Anthropic SDK sends. Each
 * chat profile a client may name as `model` is a `ModelInfo`: its id, the profile's name as `display_name`, its
 * creation time, `lifecycle: active`, and null where the gateway does not know (capabilities, token limits, model
 * line: Anthropic says not to infer a line from the id), plus georoute's own fields. Anthropic's pagination
 * (`limit` 1 to 1000, default 20; `after_id`, `before_id`) over the profiles in their listed order.
 */
import type { ApiRoute } from '../../api/api-route.js';
import { georouteModelFields, listingCaller, profileNamedInPath, type ListingCaller } from '../../api/listed-models.js';
import type { InferenceProfile } from '../../catalog/catalog-types.js';
import { GeorouteError } from '../../errors/error-catalog.js';
import type { GatewayContext } from '../../gateway/gateway-context.js';
import { headerValue, type HttpExchange } from '../../server/http-exchange.js';

const EPOCH = '1970-01-01T00:00:00Z';

function modelInfo(gateway: GatewayContext, profile: InferenceProfile, caller: ListingCaller, id = profile.id): Record<string, unknown> {
  const created = Date.parse(profile.createdAt);
  return {
    type: 'model',
    id,
    display_name: profile.name,
    created_at: Number.isNaN(created) ? EPOCH : new Date(created).toISOString(),
    lifecycle: 'active',
    deprecated_at: null,
    retires_at: null,
    line: null,
    capabilities: null,
    max_input_tokens: null,
    max_tokens: null,
    georoute: georouteModelFields(gateway, profile, caller),
  };
}

function sendJson(exchange: HttpExchange, value: unknown): void {
  const body = JSON.stringify(value);
  exchange.response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'request-id': exchange.requestId });
  exchange.response.end(body);
}

function limitOf(exchange: HttpExchange): number {
  const raw = exchange.query.get('limit');
  if (raw === null) return 20;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new GeorouteError('invalid_request', 'limit: must be an integer from 1 to 1000.', { param: 'limit' });
  return limit;
}

/** The page of `ids` Anthropic's cursor parameters ask for. */
function page(ids: readonly string[], exchange: HttpExchange): { from: number; to: number } {
  const limit = limitOf(exchange);
  const cursor = (name: 'after_id' | 'before_id'): number | undefined => {
    const value = exchange.query.get(name);
    if (value === null) return undefined;
    const at = ids.indexOf(value);
    if (at === -1) throw new GeorouteError('invalid_request', `${name}: no model '${value}' in this list.`, { param: name });
    return at;
  };
  const after = cursor('after_id');
  const before = cursor('before_id');
  if (before !== undefined) return { from: Math.max(0, before - limit), to: before };
  const from = after === undefined ? 0 : after + 1;
  return { from, to: Math.min(ids.length, from + limit) };
}

async function listModels(gateway: GatewayContext, exchange: HttpExchange): Promise<void> {
  const caller = listingCaller(gateway, exchange);
  const profiles = gateway.profiles.list().filter((profile) => (gateway.loaded.catalog.models.get(profile.modelId)?.kind ?? 'chat') === 'chat');
  const { from, to } = page(profiles.map((p) => p.id), exchange);
  const data = profiles.slice(from, to).map((profile) => modelInfo(gateway, profile, caller));
  const before = exchange.query.get('before_id') !== null;
  sendJson(exchange, {
    data,
    has_more: before ? from > 0 : to < profiles.length,
    first_id: (data[0]?.id as string | undefined) ?? null,
    last_id: (data[data.length - 1]?.id as string | undefined) ?? null,
  });
}

async function retrieveModel(gateway: GatewayContext, exchange: HttpExchange, params: Readonly<Record<string, string>>): Promise<void> {
  const caller = listingCaller(gateway, exchange);
  const { id, profile } = profileNamedInPath(gateway, params);
  sendJson(exchange, modelInfo(gateway, profile, caller, id));
}

/** A request from an Anthropic SDK: it always sends `anthropic-version`; the openai SDK never does. */
const fromAnthropicSdk = (exchange: HttpExchange): boolean => headerValue(exchange.request, 'anthropic-version') !== undefined;

export const anthropicModelRoutes: readonly ApiRoute[] = [
  { method: 'GET', pattern: /^\/v1\/models$/, surface: 'anthropic', accepts: fromAnthropicSdk, handle: listModels },
  { method: 'GET', pattern: /^\/v1\/models\/(?<id>[^/]+)$/, surface: 'anthropic', accepts: fromAnthropicSdk, handle: retrieveModel },
];
