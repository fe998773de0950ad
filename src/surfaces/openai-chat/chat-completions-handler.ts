/**
 * POST /v1/chat/completions: authenticate -> resolve profile -> (pipeline: plan route -> dispatch -> stream back ->
 * account -> audit). Every failure is thrown as a GeorouteError and answered in OpenAI's shape by the surface.
 */
import { authorizeResidency } from '../../pipeline/authorize-residency.js';
import { GeorouteError, toGeorouteError } from '../../errors/error-catalog.js';
import type { GatewayContext } from '../../gateway/gateway-context.js';
import { runInference } from '../../pipeline/inference-pipeline.js';
import { newRequestProgress, recordRejectedRequest, type RequestProgress } from '../../pipeline/record-rejected-request.js';
import { resolveSourceRegion, SOURCE_REGION_HEADER } from '../../pipeline/resolve-source-region.js';
import { parseSessionIdHeader, SESSION_ID_HEADER } from '../../routing/session-id-header.js';
import { headerValue, type HttpExchange } from '../../server/http-exchange.js';
import { parseJsonObject, readRequestBody } from '../../server/read-request-body.js';
import { estimateInputTokens } from '../../translate/estimate-tokens.js';
import { parseChatRequest } from './openai-chat-request-schema.js';
import { authenticateExchange } from '../../api/authenticate-exchange.js';
import { OpenAiResponseWriter } from './openai-response-writer.js';
import { memoize } from '../../capabilities/memoize.js';
import { convertChatRequestToInference } from './convert-chat-request-to-inference.js';
import { openAiChatSurface } from './openai-chat-surface.js';

const DEFAULT_MAX_OUTPUT_TOKENS = 1024;

export async function handleChatCompletions(gateway: GatewayContext, exchange: HttpExchange): Promise<void> {
  const progress = newRequestProgress();
  try {
    await serveChatCompletions(gateway, exchange, progress);
  } catch (error) {
    if (!progress.handedToPipeline) {
      const rejection = toGeorouteError(error);
      await recordRejectedRequest(gateway.services, exchange, 'openai', 'ChatCompletions', progress, gateway.loaded.config.server.defaultSourceRegion, rejection);
    }
    throw error;
  }
}

async function serveChatCompletions(gateway: GatewayContext, exchange: HttpExchange, progress: RequestProgress): Promise<void> {
  const { config, catalog } = gateway.loaded;
  const raw = await readRequestBody(exchange.request, config.server.maxBodyBytes);
  const { identity } = authenticateExchange(gateway, exchange, raw);
  progress.identity = identity;
  const body = parseJsonObject(raw);
  if (typeof body.model === 'string') progress.requestedModelId = body.model;
  progress.stream = body.stream === true;
  const sourceRegionId = resolveSourceRegion(catalog, headerValue(exchange.request, SOURCE_REGION_HEADER), identity, config.server.defaultSourceRegion);
  progress.sourceRegionId = sourceRegionId;
  const sessionId = parseSessionIdHeader(headerValue(exchange.request, SESSION_ID_HEADER));
  const chat = parseChatRequest(body);
  const resolved = gateway.profiles.resolve(chat.model);
  if (!resolved) {
    throw new GeorouteError('profile_not_found', `The model or inference profile "${chat.model}" does not exist. GET /v1/models lists them.`, { param: 'model' });
  }
  authorizeResidency(gateway.services.router, progress, identity, resolved.profile, sourceRegionId);
  const stream = chat.stream === true;
  progress.handedToPipeline = true;
  await runInference(gateway.services, {
    exchange,
    auditSurface: 'openai',
    eventName: 'ChatCompletions',
    identity,
    sourceRegionId,
    requestedModelId: chat.model,
    profile: resolved.profile,
    wire: { format: 'openai-chat', body },
    stream,
    estimatedInputTokens: estimateInputTokens({ format: 'openai-chat', body: chat }),
    maxOutputTokens: chat.max_completion_tokens ?? chat.max_tokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
    sessionId,
    surface: openAiChatSurface,
    canonical: memoize(() => ({ modelId: chat.model, stream, request: convertChatRequestToInference(chat) })),
    writer: new OpenAiResponseWriter(exchange.response, chat.stream_options?.include_usage === true),
  });
}
