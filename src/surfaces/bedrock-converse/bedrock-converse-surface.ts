/**
 * The `bedrock-converse` inbound surface: Converse and ConverseStream bodies <-> the canonical model. The model id
 * and the operation come from the path (`SurfaceParseContext`); the converters are the files beside this one.
 */
import type { InboundSurface } from '../../inference/inbound-surface-contract.js';
import { parseConverseRequest } from './converse-request-schema.js';
import { converseSettingName } from './converse-setting-names.js';
import { ConverseStreamRenderer } from './converse-stream-renderer.js';
import { convertConverseRequestToInference } from './convert-converse-request-to-inference.js';
import { convertInferenceResultToConverse } from './convert-inference-result-to-converse.js';
import { renderBedrockError } from '../bedrock-runtime/send-bedrock-error.js';

export const bedrockConverseSurface: InboundSurface<'bedrock-converse'> = {
  specificationVersion: 'georoute-inference-v1',
  name: 'bedrock-converse',
  wireFormat: 'bedrock-converse',
  parseRequest(body, context) {
    const request = convertConverseRequestToInference(parseConverseRequest(body));
    return { modelId: context.pathModelId ?? '', stream: context.pathStream ?? false, request };
  },
  renderResult(result, context) {
    return { ...convertInferenceResultToConverse(result, context.latencyMs()) };
  },
  createStreamRenderer: (context) => new ConverseStreamRenderer(context),
  settingName: converseSettingName,
  renderError: (error) => renderBedrockError(error),
};
