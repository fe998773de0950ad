/** The Bedrock control plane's operations georoute serves (inference profiles, foundation models, tags), as a surface of the API handler. */
import type { ApiRoute } from '../../api-route.js';
import type { ApiSurfaceDefinition } from '../../create-api-handler.js';
import { handleCreateInferenceProfile, handleDeleteInferenceProfile, handleGetInferenceProfile } from './inference-profile-handlers.js';
import { handleListInferenceProfiles } from './list-inference-profiles-handler.js';
import { handleGetFoundationModel, handleListFoundationModels } from './foundation-model-handlers.js';
import { handleListTagsForResource, handleTagResource, handleUntagResource } from './tag-resource-handlers.js';
import { bedrockErrorResponder } from '../../../surfaces/bedrock-runtime/bedrock-runtime-routes.js';

export const controlPlaneRoutes: readonly ApiRoute[] = [
  { method: 'GET', pattern: /^\/inference-profiles\/?$/, surface: 'bedrock', handle: handleListInferenceProfiles },
  { method: 'POST', pattern: /^\/inference-profiles\/?$/, surface: 'bedrock', handle: handleCreateInferenceProfile },
  { method: 'GET', pattern: /^\/inference-profiles\/(?<identifier>[^/]+)$/, surface: 'bedrock', handle: handleGetInferenceProfile },
  { method: 'DELETE', pattern: /^\/inference-profiles\/(?<identifier>[^/]+)$/, surface: 'bedrock', handle: handleDeleteInferenceProfile },
  { method: 'GET', pattern: /^\/foundation-models\/?$/, surface: 'bedrock', handle: handleListFoundationModels },
  { method: 'GET', pattern: /^\/foundation-models\/(?<modelIdentifier>[^/]+)$/, surface: 'bedrock', handle: handleGetFoundationModel },
  { method: 'POST', pattern: /^\/tagResource\/?$/, surface: 'bedrock', handle: handleTagResource },
  { method: 'POST', pattern: /^\/untagResource\/?$/, surface: 'bedrock', handle: handleUntagResource },
  { method: 'POST', pattern: /^\/listTagsForResource\/?$/, surface: 'bedrock', handle: handleListTagsForResource },
];

export const controlPlaneSurface: ApiSurfaceDefinition = {
  routes: controlPlaneRoutes,
  errorResponders: { bedrock: bedrockErrorResponder },
  surfaceForUnknownPath: (path) => (path.startsWith('/inference-profiles') ? 'bedrock' : undefined),
};
