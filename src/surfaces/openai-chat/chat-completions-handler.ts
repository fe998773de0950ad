/**
 * POST /v1/chat/completions: the shared preamble (src/api/prepare-inference-request.ts) with what is the chat
 * wire's own (the model and streaming flag in the body), then the pipeline. Every failure is thrown as a
 * GeorouteError and answered in OpenAI's shape by the surface.
 */
import { auditingRejections } from '../../api/audit-rejected-requests.js';
import { prepareInferenceRequest, type InboundPreamble } from '../../api/prepare-inference-request.js';
import { memoize } from '../../capabilities/memoize.js';
import { GeorouteError } from '../../errors/error-catalog.js';
import type { GatewayContext } from '../../gateway/gateway-context.js';
import { runInference } from '../../pipeline/inference-pipeline.js';
import type { HttpExchange } from '../../server/http-exchange.js';
import { parseJsonObject } from '../../server/read-request-body.js';
import { estimateInputTokens } from '../estimate-input-tokens.js';
import { convertChatRequestToInference } from './convert-chat-request-to-inference.js';
import type { ChatRequest } from './openai-chat-types.js';
import { parseChatRequest } from './openai-chat-request-schema.js';
import { openAiChatSurface, openAiChatSurfaceWithoutObfuscation } from './openai-chat-surface.js';
import { OpenAiResponseWriter } from './openai-response-writer.js';

const DEFAULT_MAX_OUTPUT_TOKENS = 1024;

const chatPreamble: InboundPreamble<{ body: Record<string, unknown>; chat: ChatRequest }> = {
  identify(raw, progress) {
    const body = parseJsonObject(raw);
    if (typeof body.model === 'string') progress.requestedModelId = body.model;
    progress.stream = body.stream === true;
    const chat = parseChatRequest(body);
    return { modelId: chat.model, parsed: { body, chat } };
  },
  unknownModel: (modelId) =>
    new GeorouteError('profile_not_found', `The model or inference profile "${modelId}" does not exist. GET /v1/models lists them.`, { param: 'model' }),
};

export function handleChatCompletions(gateway: GatewayContext, exchange: HttpExchange): Promise<void> {
  return auditingRejections(gateway, exchange, 'openai', 'ChatCompletions', false, async (progress) => {
    const prepared = await prepareInferenceRequest(gateway, exchange, progress, chatPreamble);
    const { body, chat } = prepared.parsed;
    const stream = chat.stream === true;
    progress.handedToPipeline = true;
    await runInference(gateway.services, {
      exchange,
      auditSurface: 'openai',
      eventName: 'ChatCompletions',
      identity: prepared.identity,
      sourceRegionId: prepared.sourceRegionId,
      requestedModelId: chat.model,
      profile: prepared.profile,
      wire: { format: 'openai-chat', body },
      stream,
      estimatedInputTokens: estimateInputTokens({ format: 'openai-chat', body: chat }),
      maxOutputTokens: chat.max_completion_tokens ?? chat.max_tokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
      sessionId: prepared.sessionId,
      serviceTier: chat.service_tier ?? undefined,
      surface: chat.stream_options?.include_obfuscation === false ? openAiChatSurfaceWithoutObfuscation : openAiChatSurface,
      canonical: memoize(() => ({ modelId: chat.model, stream, request: convertChatRequestToInference(chat) })),
      writer: new OpenAiResponseWriter(exchange.response, chat.stream_options?.include_usage === true),
    });
  });
}
