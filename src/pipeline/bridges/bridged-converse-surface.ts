/**
 * Transitional (issue #10): the Converse surface on the canonical contract until its own renderers land
 * (src/surfaces/bedrock-converse/). Parse is the surface's own (convert-converse-request-to-inference.ts); a
 * canonical answer is rendered as OpenAI chat and carried to Converse by the chat -> Converse format bridge, as
 * before the canonical model. Deleted with the bridges.
 */
import { GeorouteError } from '../../errors/error-catalog.js';
import type { InboundSurface, SurfaceRenderContext, SurfaceStreamRenderer } from '../../inference/inbound-surface-contract.js';
import type { WireEvent } from '../../inference/wire-format.js';
import { parseConverseRequest } from '../../surfaces/bedrock-converse/converse-request-schema.js';
import { converseSettingName } from '../../surfaces/bedrock-converse/converse-setting-names.js';
import { convertConverseRequestToInference } from '../../surfaces/bedrock-converse/convert-converse-request-to-inference.js';
import { renderBedrockError } from '../../surfaces/bedrock-runtime/send-bedrock-error.js';
import { openAiChatSurface } from '../../surfaces/openai-chat/openai-chat-surface.js';
import { findFormatBridge, type BridgeContext, type FormatBridge } from '../format-bridge.js';
import './register-format-bridges.js';

function chatToConverse(): FormatBridge {
  const bridge = findFormatBridge('bedrock-converse', ['openai-chat']);
  if (bridge === undefined) throw new GeorouteError('internal', 'The Converse <- OpenAI chat bridge is not registered.');
  return bridge;
}

function bridgeContext(context: SurfaceRenderContext): BridgeContext {
  return { requestId: context.requestId, requestedModelId: context.requestedModelId, createdAt: context.createdAt, latencyMs: context.latencyMs };
}

export const bridgedConverseSurface: InboundSurface<'bedrock-converse'> = {
  specificationVersion: 'georoute-inference-v1',
  name: 'bedrock-converse',
  wireFormat: 'bedrock-converse',
  parseRequest(body, context) {
    const converse = parseConverseRequest(body);
    return { modelId: context.pathModelId ?? '', stream: context.pathStream === true, request: convertConverseRequestToInference(converse) };
  },
  renderResult(result, context) {
    const chat = openAiChatSurface.renderResult(result, context);
    return chatToConverse().convertResponse(chat, bridgeContext(context));
  },
  createStreamRenderer(context): SurfaceStreamRenderer<'bedrock-converse'> {
    const chat = openAiChatSurface.createStreamRenderer(context);
    const converter = chatToConverse().createStreamConverter(bridgeContext(context));
    const carry = (events: WireEvent<'openai-chat'>[]): WireEvent<'bedrock-converse'>[] =>
      events.flatMap((event) => converter.push(event)).filter((event): event is WireEvent<'bedrock-converse'> => event.format === 'bedrock-converse');
    return {
      push: (part) => carry(chat.push(part)),
      finish: () => [
        ...carry(chat.finish()),
        ...converter.finish().filter((event): event is WireEvent<'bedrock-converse'> => event.format === 'bedrock-converse'),
      ],
    };
  },
  settingName: converseSettingName,
  renderError: (error) => renderBedrockError(error),
};
