/** `POST /model/{modelId}/converse` and `/converse-stream`: the Converse API, served by any upstream that speaks it or is bridged to it. */
import type { GatewayContext } from '../../gateway/gateway-context.js';
import { runInference } from '../../pipeline/inference-pipeline.js';
import type { HttpExchange } from '../../server/http-exchange.js';
import { parseJsonObject } from '../../server/read-request-body.js';
import { parseConverseRequest } from './converse-request-schema.js';
import { estimateInputTokens } from '../estimate-input-tokens.js';
import { memoize } from '../../capabilities/memoize.js';
import { convertConverseRequestToInference } from './convert-converse-request-to-inference.js';
import { bedrockConverseSurface } from './bedrock-converse-surface.js';
import { auditingRejections } from '../../api/audit-rejected-requests.js';
import { BedrockResponseWriter } from '../bedrock-runtime/bedrock-response-writer.js';
import { prepareBedrockRuntimeCall } from '../bedrock-runtime/prepare-bedrock-runtime-call.js';

export const DEFAULT_MAX_OUTPUT_TOKENS = 1024;

async function handleConverseOperation(gateway: GatewayContext, exchange: HttpExchange, encodedModelId: string, stream: boolean): Promise<void> {
  await auditingRejections(gateway, exchange, 'bedrock', stream ? 'ConverseStream' : 'Converse', stream, async (progress) => {
    const call = await prepareBedrockRuntimeCall(gateway, exchange, encodedModelId, progress);
    const body = parseJsonObject(call.raw);
    const converse = parseConverseRequest(body);
    progress.handedToPipeline = true;
    await runInference(gateway.services, {
      exchange,
      auditSurface: 'bedrock',
      eventName: stream ? 'ConverseStream' : 'Converse',
      identity: call.identity,
      sourceRegionId: call.sourceRegionId,
      requestedModelId: call.modelId,
      profile: call.profile,
      sessionId: call.sessionId,
      serviceTier: converse.serviceTier?.type,
      wire: { format: 'bedrock-converse', body },
      stream,
      estimatedInputTokens: estimateInputTokens({ format: 'bedrock-converse', body: converse }),
      maxOutputTokens: converse.inferenceConfig?.maxTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
      surface: bedrockConverseSurface,
      canonical: memoize(() => ({ modelId: call.modelId, stream, request: convertConverseRequestToInference(converse) })),
      writer: new BedrockResponseWriter(exchange.response, exchange.requestId, 'converse', exchange.receivedAt),
    });
  });
}

export function handleConverse(gateway: GatewayContext, exchange: HttpExchange, params: Readonly<Record<string, string>>): Promise<void> {
  return handleConverseOperation(gateway, exchange, params.modelId ?? '', false);
}

export function handleConverseStream(gateway: GatewayContext, exchange: HttpExchange, params: Readonly<Record<string, string>>): Promise<void> {
  return handleConverseOperation(gateway, exchange, params.modelId ?? '', true);
}
