/** The API surfaces the gateway serves; a new surface is one entry here. */
import type { GatewayContext } from '../gateway/gateway-context.js';
import { adminRoutes } from './admin/admin-routes.js';
import { auditQueryRoute } from './admin/audit-query-route.js';
import { keyAdminRoutes } from './admin/key-admin-routes.js';
import { healthRoutes } from './admin/health-routes.js';
import { dashboardSurface } from './admin/dashboard-routes.js';
import { controlPlaneSurface } from './bedrock/control-plane/control-plane-routes.js';
import { bedrockRuntimeSurface } from '../surfaces/bedrock-runtime/bedrock-runtime-routes.js';
import type { ApiSurfaceDefinition } from './create-api-handler.js';
import { openAiRoutes } from '../surfaces/openai-chat/openai-routes.js';
import { openAiEmbeddingsRoutes } from '../surfaces/openai-embeddings/openai-embeddings-routes.js';
import { unimplementedBedrockSurface } from './bedrock/unimplemented-bedrock-operations.js';
import { anthropicMessagesSurface } from '../surfaces/anthropic-messages/anthropic-messages-routes.js';
import { openAiResponsesSurface } from '../surfaces/openai-responses/openai-responses-routes.js';

export function apiSurfaces(_gateway: GatewayContext): readonly ApiSurfaceDefinition[] {
  return [
    // First: its `GET /v1/models` serves the Anthropic SDKs' requests, and leaves the others to OpenAI's.
    anthropicMessagesSurface,
    { routes: openAiRoutes, errorResponders: {} },
    { routes: openAiEmbeddingsRoutes, errorResponders: {} },
    { routes: [...healthRoutes, ...adminRoutes, auditQueryRoute, ...keyAdminRoutes], errorResponders: {} },
    dashboardSurface,
    controlPlaneSurface,
    bedrockRuntimeSurface,
    openAiResponsesSurface,
    // Last: every Bedrock operation not served above answers in Bedrock's error format.
    unimplementedBedrockSurface,
  ];
}
