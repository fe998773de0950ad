/**
 * Where a Vertex AI Gemini deployment's requests go: the endpoint of its location (`{region}-aiplatform`, the
 * multi-region `aiplatform.eu.rep` / `aiplatform.us.rep`, or the global `aiplatform.googleapis.com`), unless the
 * deployment names its own `endpoint`, and the model's `generateContent` / `streamGenerateContent?alt=sse` paths.
 * Pure.
 */
import type { VertexDeploymentSettings } from '../../catalog/catalog-types.js';
import { joinEndpointPath } from '../create-deployment-pool.js';

export const VERTEX_MULTI_REGIONS = ['eu', 'us'] as const;

export function defaultVertexEndpoint(location: string): string {
  if (location === 'global') return 'https://aiplatform.googleapis.com';
  if ((VERTEX_MULTI_REGIONS as readonly string[]).includes(location)) return `https://aiplatform.${location}.rep.googleapis.com`;
  return `https://${location}-aiplatform.googleapis.com`;
}

export interface VertexGeminiPaths {
  generate: string;
  stream: string;
}

export function vertexGeminiPaths(endpoint: string, settings: VertexDeploymentSettings, model: string): VertexGeminiPaths {
  const resource = `/v1/projects/${encodeURIComponent(settings.project)}/locations/${encodeURIComponent(settings.location)}/publishers/google/models/${encodeURIComponent(model)}`;
  const base = joinEndpointPath(endpoint, resource);
  return { generate: `${base}:generateContent`, stream: `${base}:streamGenerateContent?alt=sse` };
}
