/**
 * One inference profile as an OpenAI model object (`GET /v1/models`, `GET /v1/models/{id}`), plus georoute's own
 * fields: profile type, model kind (chat or embedding), model, scope and the regions it may run in from the
 * caller's default source region.
 */
import { georouteModelFields, type ListingCaller } from '../../api/listed-models.js';
import type { InferenceProfile } from '../../catalog/catalog-types.js';
import type { GatewayContext } from '../../gateway/gateway-context.js';

export function openAiModelObject(gateway: GatewayContext, profile: InferenceProfile, caller: ListingCaller): Record<string, unknown> {
  const kind = gateway.loaded.catalog.models.get(profile.modelId)?.kind ?? 'chat';
  const { type, model, scope, regions_from_default_source: regions } = georouteModelFields(gateway, profile, caller);
  return {
    id: profile.id,
    object: 'model',
    created: 0,
    owned_by: 'georoute',
    georoute: { type, kind, model, scope, regions_from_default_source: regions },
  };
}
