/**
 * The source region of a request decides where it runs first, whose price applies, and whose audit store keeps
 * its record. OpenAI surface: the `x-georoute-source-region` header, else the identity's default, else the
 * server's default. Bedrock surface: the SigV4 credential-scope region. A named region that does not exist is
 * an error, never a silent fallback. Whether the identity may claim it is the residency boundary's decision
 * (src/routing/residency-boundary.ts), made with the profile.
 */
import { defaultSourceRegionOf, type Identity } from '../auth/identity.js';
import type { Catalog } from '../catalog/catalog-types.js';
import { GeorouteError } from '../errors/error-catalog.js';

export const SOURCE_REGION_HEADER = 'x-georoute-source-region';

export function resolveSourceRegion(
  catalog: Catalog,
  requested: string | undefined,
  identity: Identity,
  defaultRegionId: string,
): string {
  if (requested !== undefined && requested !== '') {
    if (!catalog.regions.has(requested)) {
      throw new GeorouteError('unknown_source_region', `Unknown source region "${requested}". Known regions: ${[...catalog.regions.keys()].join(', ')}.`, {
        param: SOURCE_REGION_HEADER,
      });
    }
    return requested;
  }
  return defaultSourceRegionOf(identity, defaultRegionId);
}
