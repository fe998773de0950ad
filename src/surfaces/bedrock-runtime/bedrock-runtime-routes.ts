/**
 * The Bedrock Runtime surface: routes, the error responder of the `bedrock` surface (Bedrock's wire format, also
 * used by the control-plane routes) and the paths it answers for when no route matched (`/model/...`), so an
 * unknown operation still gets an error the AWS SDKs can read.
 */
import type { ApiRoute } from '../../api/api-route.js';
import type { ApiSurfaceDefinition, ErrorResponder } from '../../api/create-api-handler.js';
import { handleConverse, handleConverseStream } from '../bedrock-converse/converse-handler.js';
import { handleCountTokens } from './count-tokens-handler.js';
import { handleInvokeModel, handleInvokeModelWithResponseStream } from '../bedrock-invoke/invoke-model-handler.js';
import { sendBedrockError } from './send-bedrock-error.js';

const modelPath = (operation: string) => new RegExp(`^/model/(?<modelId>[^/]+)/${operation}$`);

export const bedrockRuntimeRoutes: readonly ApiRoute[] = [
  { method: 'POST', pattern: modelPath('converse'), surface: 'bedrock', handle: handleConverse },
  { method: 'POST', pattern: modelPath('converse-stream'), surface: 'bedrock', handle: handleConverseStream },
  { method: 'POST', pattern: modelPath('invoke'), surface: 'bedrock', handle: handleInvokeModel },
  { method: 'POST', pattern: modelPath('invoke-with-response-stream'), surface: 'bedrock', handle: handleInvokeModelWithResponseStream },
  { method: 'POST', pattern: modelPath('count-tokens'), surface: 'bedrock', handle: handleCountTokens },
];

export const bedrockErrorResponder: ErrorResponder = (response, requestId, error) =>
  sendBedrockError(response, error, { 'x-amzn-requestid': requestId, 'x-request-id': requestId });

export const bedrockRuntimeSurface: ApiSurfaceDefinition = {
  routes: bedrockRuntimeRoutes,
  errorResponders: { bedrock: bedrockErrorResponder },
  surfaceForUnknownPath: (path) => (path === '/model' || path.startsWith('/model/') ? 'bedrock' : undefined),
};
