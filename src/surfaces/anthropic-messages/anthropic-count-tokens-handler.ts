/**
 * `POST /v1/messages/count_tokens` -> `{"input_tokens": N}`. Counted with the gateway's estimator, as Bedrock's
 * CountTokens is (no upstream call, no capacity used); the caller is authenticated and authorized for the
 * profile, and the call is audited.
 */
import { toGeorouteError } from '../../errors/error-catalog.js';
import type { GatewayContext } from '../../gateway/gateway-context.js';
import { newRequestProgress, recordRejectedRequest } from '../../pipeline/record-rejected-request.js';
import { recordCountTokens } from '../../api/bedrock/runtime/count-tokens-handler.js';
import type { HttpExchange } from '../../server/http-exchange.js';
import { parseJsonObject } from '../../server/read-request-body.js';
import { parseAnthropicCountTokensRequest } from './anthropic-messages-request-schema.js';
import { estimateAnthropicInputTokens } from './estimate-anthropic-input-tokens.js';
import { prepareAnthropicCall } from './prepare-anthropic-call.js';

export async function handleAnthropicCountTokens(gateway: GatewayContext, exchange: HttpExchange): Promise<void> {
  const progress = newRequestProgress();
  let call;
  try {
    call = await prepareAnthropicCall(gateway, exchange, progress, (raw) => ({ request: parseAnthropicCountTokensRequest(parseJsonObject(raw)) }));
  } catch (error) {
    await recordRejectedRequest(gateway.services, exchange, 'anthropic', 'CountTokens', progress, gateway.loaded.config.server.defaultSourceRegion, toGeorouteError(error));
    throw error;
  }
  const inputTokens = estimateAnthropicInputTokens(call.parsed.request);
  await recordCountTokens(gateway, exchange, 'anthropic', { ...call, modelId: call.parsed.request.model });
  const text = JSON.stringify({ input_tokens: inputTokens });
  exchange.response.writeHead(200, {
    'request-id': exchange.requestId,
    'x-request-id': exchange.requestId,
    'x-georoute-source-region': call.sourceRegionId,
    'x-georoute-profile': call.profile.id,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  exchange.response.end(text);
}
