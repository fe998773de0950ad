/**
 * One inference profile as an OpenAI model object (`GET /v1/models`, `GET /v1/models/{id}`), plus georoute's own
 * fields: profile type, model kind (chat or embedding), model, scope and the regions it may run in from the
 * caller's default source region.
 */
import type { Identity } from '../../auth/identity.js';
import type { InferenceProfile } from '../../catalog/catalog-types.js';
import type { GatewayContext } from '../../gateway/gateway-context.js';

export function openAiModelObject(gateway: GatewayContext, profile: InferenceProfile, identity: Identity, sourceRegionId: string): Record<string, unknown> {
  let regions: readonly string[] = [];
  try {
    regions = gateway.services.router.boundary(profile, sourceRegionId, identity);
  } catch {
    regions = [];
  }
  const kind = gateway.loaded.catalog.models.get(profile.modelId)?.kind ?? 'chat';
  return {
    id: profile.id,
    object: 'model',
    created: 0,
    owned_by: 'georoute',
    georoute: { type: profile.type, kind, model: profile.modelId, scope: profile.scope, regions_from_default_source: regions },
  };
}
