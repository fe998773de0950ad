/**
 * `POST /v1/messages`: read body -> authenticate (`x-api-key` or bearer) -> source region -> parse -> resolve
 * profile -> authorize -> (pipeline: plan route -> dispatch -> stream back -> account -> audit). The
 * `anthropic-beta` header travels with the body as `anthropic_beta` (Bedrock's field; the anthropic provider
 * sends it as the header again). Every failure is thrown and answered in Anthropic's shape by this surface.
 */
import { toGeorouteError } from '../../errors/error-catalog.js';
import type { GatewayContext } from '../../gateway/gateway-context.js';
import { runInference } from '../../pipeline/inference-pipeline.js';
import { newRequestProgress, recordRejectedRequest, type RequestProgress } from '../../pipeline/record-rejected-request.js';
import { parseSessionIdHeader, SESSION_ID_HEADER } from '../../routing/session-id-header.js';
import { headerValue, type HttpExchange } from '../../server/http-exchange.js';
import { parseJsonObject } from '../../server/read-request-body.js';
import { parseAnthropicMessagesRequest } from './anthropic-messages-request-schema.js';
import { AnthropicResponseWriter } from './anthropic-response-writer.js';
import { estimateAnthropicInputTokens } from './estimate-anthropic-input-tokens.js';
import { prepareAnthropicCall, readAnthropicBetas } from './prepare-anthropic-call.js';

export async function handleAnthropicMessages(gateway: GatewayContext, exchange: HttpExchange): Promise<void> {
  const progress = newRequestProgress();
  try {
    await serveMessages(gateway, exchange, progress);
  } catch (error) {
    if (!progress.handedToPipeline) {
      await recordRejectedRequest(gateway.services, exchange, 'anthropic', 'Messages', progress, gateway.loaded.config.server.defaultSourceRegion, toGeorouteError(error));
    }
    throw error;
  }
}

async function serveMessages(gateway: GatewayContext, exchange: HttpExchange, progress: RequestProgress): Promise<void> {
  const call = await prepareAnthropicCall(gateway, exchange, progress, (raw) => {
    const body = parseJsonObject(raw);
    progress.stream = body.stream === true;
    return { body, request: parseAnthropicMessagesRequest(body) };
  });
  const { body, request } = call.parsed;
  const betas = readAnthropicBetas(exchange);
  const forwarded = betas === undefined ? body : { ...body, anthropic_beta: betas };
  progress.handedToPipeline = true;
  await runInference(gateway.services, {
    exchange,
    auditSurface: 'anthropic',
    eventName: 'Messages',
    identity: call.identity,
    sourceRegionId: call.sourceRegionId,
    requestedModelId: request.model,
    profile: call.profile,
    wire: { format: 'anthropic-messages', body: forwarded },
    stream: request.stream === true,
    estimatedInputTokens: estimateAnthropicInputTokens(request),
    maxOutputTokens: request.max_tokens,
    sessionId: parseSessionIdHeader(headerValue(exchange.request, SESSION_ID_HEADER)),
    writer: new AnthropicResponseWriter(exchange.response, exchange.requestId),
  });
}
