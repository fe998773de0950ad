/**
 * `POST /v1/messages`: read body -> authenticate (`x-api-key` or bearer) -> source region -> parse -> resolve
 * profile -> authorize -> (pipeline: plan route -> dispatch -> stream back -> account -> audit). The
 * `anthropic-beta` header travels with the body as `anthropic_beta` (Bedrock's field; the anthropic provider
 * sends it as the header again). Every failure is thrown and answered in Anthropic's shape by this surface.
 */
import { auditingRejections } from '../../api/audit-rejected-requests.js';
import type { GatewayContext } from '../../gateway/gateway-context.js';
import { runInference } from '../../pipeline/inference-pipeline.js';
import type { RequestProgress } from '../../pipeline/record-rejected-request.js';
import type { HttpExchange } from '../../server/http-exchange.js';
import { parseJsonObject } from '../../server/read-request-body.js';
import { parseAnthropicMessagesRequest } from './anthropic-messages-request-schema.js';
import { memoize } from '../../capabilities/memoize.js';
import { anthropicMessagesSurface } from './anthropic-messages-surface.js';
import { AnthropicResponseWriter } from './anthropic-response-writer.js';
import { estimateAnthropicInputTokens } from './estimate-anthropic-input-tokens.js';
import { prepareAnthropicCall, readAnthropicBetas } from './prepare-anthropic-call.js';

export function handleAnthropicMessages(gateway: GatewayContext, exchange: HttpExchange): Promise<void> {
  return auditingRejections(gateway, exchange, 'anthropic', 'Messages', false, (progress) => serveMessages(gateway, exchange, progress));
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
    sessionId: call.sessionId,
    surface: anthropicMessagesSurface,
    canonical: memoize(() => anthropicMessagesSurface.parseRequest(forwarded, { requestId: exchange.requestId })),
    writer: new AnthropicResponseWriter(exchange.response, exchange.requestId),
  });
}
