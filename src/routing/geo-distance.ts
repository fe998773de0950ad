/** Great-circle distances between regions, from the coordinates in the catalog. */
import type { Catalog } from '../catalog/catalog-types.js';

export interface Coordinates {
  latitude: number;
  longitude: number;
}

/** Mean Earth radius (IUGG). */
const EARTH_RADIUS_KM = 6371.0088;
const RADIANS_PER_DEGREE = Math.PI / 180;

/** Haversine distance in kilometres; symmetric, 0 for the same point. */
export function haversineKm(from: Coordinates, to: Coordinates): number {
  const lat1 = from.latitude * RADIANS_PER_DEGREE;
  const lat2 = to.latitude * RADIANS_PER_DEGREE;
  const dLat = lat2 - lat1;
  const dLon = (to.longitude - from.longitude) * RADIANS_PER_DEGREE;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Distance between two catalog regions; `Infinity` when either is unknown (so it sorts last, never first). */
export function regionDistanceKm(catalog: Catalog, fromRegionId: string, toRegionId: string): number {
  if (fromRegionId === toRegionId) return catalog.regions.has(fromRegionId) ? 0 : Number.POSITIVE_INFINITY;
  const from = catalog.regions.get(fromRegionId);
  const to = catalog.regions.get(toRegionId);
  if (from === undefined || to === undefined) return Number.POSITIVE_INFINITY;
  return haversineKm(from, to);
}
