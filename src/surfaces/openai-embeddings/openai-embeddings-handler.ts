/**
 * POST /v1/embeddings: authenticate -> resolve profile -> authorize -> (embedding pipeline: plan route -> dispatch
 * -> account -> audit) -> OpenAI's embeddings response, floats or base64. Every failure is thrown as a
 * GeorouteError and answered in OpenAI's error shape.
 */
import { authenticateExchange } from '../../api/authenticate-exchange.js';
import { GeorouteError, toGeorouteError } from '../../errors/error-catalog.js';
import type { GatewayContext } from '../../gateway/gateway-context.js';
import { authorizeResidency } from '../../pipeline/authorize-residency.js';
import { runEmbedding, type EmbeddingResponder } from '../../pipeline/embedding-pipeline.js';
import { newRequestProgress, recordRejectedRequest, type RequestProgress } from '../../pipeline/record-rejected-request.js';
import { resolveSourceRegion, SOURCE_REGION_HEADER } from '../../pipeline/resolve-source-region.js';
import { parseSessionIdHeader, SESSION_ID_HEADER } from '../../routing/session-id-header.js';
import { headerValue, type HttpExchange, type OutboundResponse } from '../../server/http-exchange.js';
import { parseJsonObject, readRequestBody } from '../../server/read-request-body.js';
import { sendOpenAiError } from '../openai-chat/send-openai-error.js';
import { convertOpenAiEmbeddingsRequestToInference } from './convert-openai-embeddings-request.js';
import { estimateEmbeddingInputTokens } from './estimate-embedding-input-tokens.js';
import { parseOpenAiEmbeddingsRequest } from './openai-embeddings-request-schema.js';
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

export async function handleOpenAiEmbeddings(gateway: GatewayContext, exchange: HttpExchange): Promise<void> {
  const progress = newRequestProgress();
  try {
    await serveEmbeddings(gateway, exchange, progress);
  } catch (error) {
    if (!progress.handedToPipeline) {
      await recordRejectedRequest(gateway.services, exchange, 'openai', 'Embeddings', progress, gateway.loaded.config.server.defaultSourceRegion, toGeorouteError(error));
    }
    throw error;
  }
}

async function serveEmbeddings(gateway: GatewayContext, exchange: HttpExchange, progress: RequestProgress): Promise<void> {
  const { config, catalog } = gateway.loaded;
  const raw = await readRequestBody(exchange.request, config.server.maxBodyBytes);
  const { identity } = authenticateExchange(gateway, exchange, raw);
  progress.identity = identity;
  const body = parseJsonObject(raw);
  if (typeof body.model === 'string') progress.requestedModelId = body.model;
  const sourceRegionId = resolveSourceRegion(catalog, headerValue(exchange.request, SOURCE_REGION_HEADER), identity, config.server.defaultSourceRegion);
  progress.sourceRegionId = sourceRegionId;
  const sessionId = parseSessionIdHeader(headerValue(exchange.request, SESSION_ID_HEADER));
  const wire = parseOpenAiEmbeddingsRequest(body);
  const resolved = gateway.profiles.resolve(wire.model);
  if (!resolved) {
    throw new GeorouteError('profile_not_found', `The model or inference profile "${wire.model}" does not exist. GET /v1/models lists them.`, { param: 'model' });
  }
  authorizeResidency(gateway.services.router, progress, identity, resolved.profile, sourceRegionId);
  const request = convertOpenAiEmbeddingsRequestToInference(wire);
  progress.handedToPipeline = true;
  await runEmbedding(
    gateway.services,
    {
      exchange,
      surface: 'openai',
      eventName: 'Embeddings',
      identity,
      sourceRegionId,
      requestedModelId: wire.model,
      profile: resolved.profile,
      request,
      estimatedInputTokens: estimateEmbeddingInputTokens(request),
      sessionId,
      settingName: openAiEmbeddingsSettingName,
    },
    openAiEmbeddingsResponder(exchange.response, wire.model, wire.encoding_format ?? 'float'),
  );
}
