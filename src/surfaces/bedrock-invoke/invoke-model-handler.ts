/**
 * `POST /model/{modelId}/invoke` and `/invoke-with-response-stream`: the model-native body is checked, then passed
 * byte for byte to a deployment that accepts that native format (the fast path), or converted through the canonical
 * model by the surface of the model's family (`bedrockInvokeSurfaces[family]`) for a deployment that speaks another
 * wire: a Claude body to an anthropic or openai-compatible deployment, a Nova body to Azure, and so on. The
 * guardrail, trace and latency headers go with the body only to Bedrock (`read-bedrock-invoke-options.ts`).
 */
import type { GatewayContext } from '../../gateway/gateway-context.js';
import { runInference } from '../../pipeline/inference-pipeline.js';
import type { HttpExchange } from '../../server/http-exchange.js';
import { auditingRejections } from '../../api/audit-rejected-requests.js';
import { BedrockResponseWriter } from '../bedrock-runtime/bedrock-response-writer.js';
import { DEFAULT_MAX_OUTPUT_TOKENS } from '../bedrock-converse/converse-handler.js';
import { parseNativeInvokeBody } from './parse-native-invoke-body.js';
import { prepareBedrockRuntimeCall } from '../bedrock-runtime/prepare-bedrock-runtime-call.js';
import { isEmbeddingNativeFormat } from '../../catalog/catalog-types.js';
import { serveInvokeEmbedding } from './invoke-embedding-handler.js';
import { readBedrockServiceTierHeader } from './read-bedrock-service-tier-header.js';
import { readBedrockInvokeOptions, refuseEmbeddingInvokeOptions, withInvokeOptions } from './read-bedrock-invoke-options.js';
import { bedrockInvokeSurfaces } from './bedrock-invoke-surface.js';
import { memoize } from '../../capabilities/memoize.js';

async function handleInvokeOperation(gateway: GatewayContext, exchange: HttpExchange, encodedModelId: string, stream: boolean): Promise<void> {
  await auditingRejections(gateway, exchange, 'bedrock', stream ? 'InvokeModelWithResponseStream' : 'InvokeModel', stream, async (progress) => {
    const call = await prepareBedrockRuntimeCall(gateway, exchange, encodedModelId, progress);
    const family = gateway.loaded.catalog.models.get(call.profile.modelId)?.nativeFormat;
    const wireOptions = readBedrockInvokeOptions(exchange);
    if (!stream && isEmbeddingNativeFormat(family)) {
      refuseEmbeddingInvokeOptions(wireOptions);
      return serveInvokeEmbedding(gateway, exchange, call, family, progress);
    }
    const native = parseNativeInvokeBody(gateway.loaded.catalog, call.profile, call.raw);
    const surface = bedrockInvokeSurfaces[native.family];
    progress.handedToPipeline = true;
    await runInference(gateway.services, {
      exchange,
      auditSurface: 'bedrock',
      eventName: stream ? 'InvokeModelWithResponseStream' : 'InvokeModel',
      identity: call.identity,
      sourceRegionId: call.sourceRegionId,
      requestedModelId: call.modelId,
      profile: call.profile,
      sessionId: call.sessionId,
      serviceTier: readBedrockServiceTierHeader(exchange),
      wireOptions,
      wire: { format: 'bedrock-invoke', body: call.raw },
      stream,
      estimatedInputTokens: native.estimatedInputTokens,
      maxOutputTokens: native.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
      surface,
      canonical: memoize(() => withInvokeOptions(surface.parseRequest(call.raw, { requestId: exchange.requestId, pathModelId: call.modelId, pathStream: stream }), wireOptions)),
      writer: new BedrockResponseWriter(exchange.response, exchange.requestId, 'invoke', exchange.receivedAt),
    });
  });
}

export function handleInvokeModel(gateway: GatewayContext, exchange: HttpExchange, params: Readonly<Record<string, string>>): Promise<void> {
  return handleInvokeOperation(gateway, exchange, params.modelId ?? '', false);
}

export function handleInvokeModelWithResponseStream(gateway: GatewayContext, exchange: HttpExchange, params: Readonly<Record<string, string>>): Promise<void> {
  return handleInvokeOperation(gateway, exchange, params.modelId ?? '', true);
}
