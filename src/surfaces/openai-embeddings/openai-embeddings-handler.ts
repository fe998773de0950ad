/**
 * POST /v1/embeddings: authenticate -> resolve profile -> authorize -> (embedding pipeline: plan route -> dispatch
 * -> account -> audit) -> OpenAI's embeddings response, floats or base64. Every failure is thrown as a
 * GeorouteError and answered in OpenAI's error shape.
 */
import { auditingRejections } from '../../api/audit-rejected-requests.js';
import { prepareInferenceRequest, type InboundPreamble } from '../../api/prepare-inference-request.js';
import { GeorouteError } from '../../errors/error-catalog.js';
import type { GatewayContext } from '../../gateway/gateway-context.js';
import { runEmbedding, type EmbeddingResponder } from '../../pipeline/embedding-pipeline.js';
import type { HttpExchange, OutboundResponse } from '../../server/http-exchange.js';
import { parseJsonObject } from '../../server/read-request-body.js';
import { sendOpenAiError } from '../openai-chat/send-openai-error.js';
import { convertOpenAiEmbeddingsRequestToInference } from './convert-openai-embeddings-request.js';
import { estimateEmbeddingInputTokens } from './estimate-embedding-input-tokens.js';
import { parseOpenAiEmbeddingsRequest, type OpenAiEmbeddingsRequest } from './openai-embeddings-request-schema.js';
import { openAiEmbeddingsSettingName } from './openai-embeddings-setting-names.js';
import { renderOpenAiEmbeddingsResponse, type OpenAiEncodingFormat } from './render-openai-embeddings-response.js';

function openAiEmbeddingsResponder(response: OutboundResponse, model: string, encoding: OpenAiEncodingFormat): EmbeddingResponder {
  return {
    sendResult(result, headers) {
      const body = JSON.stringify(renderOpenAiEmbeddingsResponse(result, model, encoding));
      response.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
      response.end(body);
    },
    sendError: (error, headers) => sendOpenAiError(response, error, headers),
  };
}

const embeddingsPreamble: InboundPreamble<OpenAiEmbeddingsRequest> = {
  identify(raw, progress) {
    const body = parseJsonObject(raw);
    if (typeof body.model === 'string') progress.requestedModelId = body.model;
    const wire = parseOpenAiEmbeddingsRequest(body);
    return { modelId: wire.model, parsed: wire };
  },
  unknownModel: (modelId) =>
    new GeorouteError('profile_not_found', `The model or inference profile "${modelId}" does not exist. GET /v1/models lists them.`, { param: 'model' }),
};

export function handleOpenAiEmbeddings(gateway: GatewayContext, exchange: HttpExchange): Promise<void> {
  return auditingRejections(gateway, exchange, 'openai', 'Embeddings', false, async (progress) => {
    const prepared = await prepareInferenceRequest(gateway, exchange, progress, embeddingsPreamble);
    const wire = prepared.parsed;
    const request = convertOpenAiEmbeddingsRequestToInference(wire);
    progress.handedToPipeline = true;
    await runEmbedding(
      gateway.services,
      {
        exchange,
        surface: 'openai',
        eventName: 'Embeddings',
        identity: prepared.identity,
        sourceRegionId: prepared.sourceRegionId,
        requestedModelId: wire.model,
        profile: prepared.profile,
        request,
        estimatedInputTokens: estimateEmbeddingInputTokens(request),
        sessionId: prepared.sessionId,
        settingName: openAiEmbeddingsSettingName,
      },
      openAiEmbeddingsResponder(exchange.response, wire.model, wire.encoding_format ?? 'float'),
    );
  });
}
