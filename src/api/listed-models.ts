/**
 * What every surface's model listing shares (OpenAI's `GET /v1/models`, Anthropic's on the same paths): the caller
 * and its default source region, the profile a `/v1/models/{id}` path names (percent-encoded ids and ARNs), and
 * georoute's own fields of a listed profile, with the regions the boundary allows it from that source region.
 */
import type { Identity } from '../auth/identity.js';
import { defaultSourceRegionOf } from '../auth/identity.js';
import type { InferenceProfile } from '../catalog/catalog-types.js';
import { GeorouteError } from '../errors/error-catalog.js';
import type { GatewayContext } from '../gateway/gateway-context.js';
import type { HttpExchange } from '../server/http-exchange.js';
import { authenticateExchange } from './authenticate-exchange.js';

export interface ListingCaller {
  identity: Identity;
  sourceRegionId: string;
}

export function listingCaller(gateway: GatewayContext, exchange: HttpExchange): ListingCaller {
  const { identity } = authenticateExchange(gateway, exchange, new Uint8Array());
  return { identity, sourceRegionId: defaultSourceRegionOf(identity, gateway.loaded.config.server.defaultSourceRegion) };
}

/** The profile `/v1/models/{id}` names, with the id as the caller wrote it; a 400 or 404 naming `model` otherwise. */
export function profileNamedInPath(gateway: GatewayContext, params: Readonly<Record<string, string>>): { id: string; profile: InferenceProfile } {
  let id: string;
  try {
    id = decodeURIComponent(params.id ?? '');
  } catch {
    throw new GeorouteError('invalid_request', 'The model id in the path is not valid percent-encoding.', { param: 'model' });
  }
  const resolved = gateway.profiles.resolve(id);
  if (!resolved) throw new GeorouteError('profile_not_found', `The model '${id}' does not exist. GET /v1/models lists them.`, { param: 'model' });
  return { id, profile: resolved.profile };
}

/** georoute's fields of a listed profile: its type, model, scope and the regions it may run in for this caller. */
export function georouteModelFields(gateway: GatewayContext, profile: InferenceProfile, caller: ListingCaller): Record<string, unknown> {
  let regions: readonly string[] = [];
  try {
    regions = gateway.services.router.boundary(profile, caller.sourceRegionId, caller.identity);
  } catch {
    regions = [];
  }
  return { type: profile.type, model: profile.modelId, scope: profile.scope, regions_from_default_source: regions };
}
