/**
 * InvokeModel with an embedding model's body (Titan Text Embeddings V2, Cohere Embed): the family's codec reads
 * the body into the canonical embedding request, the embedding pipeline routes it like any request, and the
 * canonical result is rendered back in the family's response with Bedrock's InvokeModel headers. The service
 * tier comes from `X-Amzn-Bedrock-Service-Tier`.
 */
import type { EmbeddingNativeFormat } from '../../catalog/catalog-types.js';
import type { GatewayContext } from '../../gateway/gateway-context.js';
import { runEmbedding } from '../../pipeline/embedding-pipeline.js';
import type { RequestProgress } from '../../pipeline/record-rejected-request.js';
import type { HttpExchange } from '../../server/http-exchange.js';
import { parseJsonObject } from '../../server/read-request-body.js';
import type { BedrockRuntimeCall } from '../bedrock-runtime/prepare-bedrock-runtime-call.js';
import { sendBedrockError } from '../bedrock-runtime/send-bedrock-error.js';
import { estimateEmbeddingInputTokens } from '../openai-embeddings/estimate-embedding-input-tokens.js';
import { embeddingInvokeCodecs } from './embedding-invoke-codecs.js';
import { readBedrockServiceTierHeader, SERVICE_TIER_HEADER } from './read-bedrock-service-tier-header.js';

export async function serveInvokeEmbedding(
  gateway: GatewayContext,
  exchange: HttpExchange,
  call: BedrockRuntimeCall,
  family: EmbeddingNativeFormat,
  progress: RequestProgress,
): Promise<void> {
  const codec = embeddingInvokeCodecs[family];
  const parsed = codec.parse(parseJsonObject(call.raw));
  const serviceTier = readBedrockServiceTierHeader(exchange);
  const request = serviceTier === undefined ? parsed : { ...parsed, settings: { ...parsed.settings, serviceTier } };
  progress.handedToPipeline = true;
  await runEmbedding(
    gateway.services,
    {
      exchange,
      surface: 'bedrock',
      eventName: 'InvokeModel',
      identity: call.identity,
      sourceRegionId: call.sourceRegionId,
      requestedModelId: call.modelId,
      profile: call.profile,
      request,
      estimatedInputTokens: estimateEmbeddingInputTokens(request),
      sessionId: call.sessionId,
      settingName: codec.settingName,
    },
    {
      sendResult(result, headers) {
        const body = JSON.stringify(codec.render(result, request));
        exchange.response.writeHead(200, {
          ...headers,
          'x-amzn-requestid': exchange.requestId,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'x-amzn-bedrock-input-token-count': String(result.inputTokens),
          'x-amzn-bedrock-output-token-count': '0',
          'x-amzn-bedrock-invocation-latency': String(Date.now() - exchange.receivedAt),
          ...(result.serviceTier === undefined ? {} : { [SERVICE_TIER_HEADER]: result.serviceTier }),
        });
        exchange.response.end(body);
      },
      sendError: (error, headers) => sendBedrockError(exchange.response, error, { ...headers, 'x-amzn-requestid': exchange.requestId }),
    },
  );
}
