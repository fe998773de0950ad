/**
 * Converse request -> Nova native InvokeModel body (`schemaVersion: "messages-v1"`). `additionalModelRequestFields`
 * merge back into the native body (`inferenceConfig.topK` and the like), never over the members Converse sets.
 * Nova's native body has no documents: a document block is refused. Guardrails, performance and service tier are
 * headers on InvokeModel, and request metadata is the gateway's own, so none of them are in the body.
 */
import { GeorouteError } from '../../../errors/error-catalog.js';
import type { ConverseRequest } from '../../bedrock-converse/converse-types.js';
import type { NovaInferenceConfig, NovaRequest } from './nova-native-types.js';

const reservedMembers = new Set(['schemaVersion', 'messages', 'system', 'inferenceConfig', 'toolConfig']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuseDocuments(request: ConverseRequest): void {
  request.messages.forEach((message, i) => {
    message.content.forEach((block, j) => {
      if (block.document !== undefined) {
        throw new GeorouteError(
          'invalid_request',
          "Document blocks are not supported by Nova's native InvokeModel format; use Converse.",
          { param: `messages[${i}].content[${j}].document` },
        );
      }
    });
  });
}

export function convertConverseRequestToNova(request: ConverseRequest): NovaRequest {
  refuseDocuments(request);
  const nova: NovaRequest = { schemaVersion: 'messages-v1', messages: request.messages };
  if (request.system !== undefined) nova.system = request.system;
  if (request.toolConfig !== undefined) nova.toolConfig = request.toolConfig;
  const additional = request.additionalModelRequestFields ?? {};
  const nativeInference = isRecord(additional.inferenceConfig) ? additional.inferenceConfig : {};
  const inference: NovaInferenceConfig = { ...nativeInference };
  const config = request.inferenceConfig ?? {};
  if (config.maxTokens !== undefined) inference.maxTokens = config.maxTokens;
  if (config.temperature !== undefined) inference.temperature = config.temperature;
  if (config.topP !== undefined) inference.topP = config.topP;
  if (config.stopSequences !== undefined) inference.stopSequences = [...config.stopSequences];
  if (Object.keys(inference).length > 0) nova.inferenceConfig = inference;
  for (const [member, value] of Object.entries(additional)) {
    if (!reservedMembers.has(member)) nova[member] = value;
  }
  return nova;
}
