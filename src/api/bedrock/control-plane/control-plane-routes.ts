/** The Bedrock control plane's inference-profile operations, as a surface of the API handler. */
import type { ApiRoute } from '../../api-route.js';
import type { ApiSurfaceDefinition } from '../../create-api-handler.js';
import { handleCreateInferenceProfile, handleDeleteInferenceProfile, handleGetInferenceProfile } from './inference-profile-handlers.js';
import { handleListInferenceProfiles } from './list-inference-profiles-handler.js';
import { bedrockErrorResponder } from '../../../surfaces/bedrock-runtime/bedrock-runtime-routes.js';

export const controlPlaneRoutes: readonly ApiRoute[] = [
  { method: 'GET', pattern: /^\/inference-profiles\/?$/, surface: 'bedrock', handle: handleListInferenceProfiles },
  { method: 'POST', pattern: /^\/inference-profiles\/?$/, surface: 'bedrock', handle: handleCreateInferenceProfile },
  { method: 'GET', pattern: /^\/inference-profiles\/(?<identifier>[^/]+)$/, surface: 'bedrock', handle: handleGetInferenceProfile },
  { method: 'DELETE', pattern: /^\/inference-profiles\/(?<identifier>[^/]+)$/, surface: 'bedrock', handle: handleDeleteInferenceProfile },
];

export const controlPlaneSurface: ApiSurfaceDefinition = {
  routes: controlPlaneRoutes,
  errorResponders: { bedrock: bedrockErrorResponder },
  surfaceForUnknownPath: (path) => (path.startsWith('/inference-profiles') ? 'bedrock' : undefined),
};
