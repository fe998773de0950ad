/**
 * `POST /v1/responses`: read body -> authenticate -> source region -> parse -> history (the response store, when
 * enabled) -> canonical request -> resolve profile -> authorize -> (pipeline: plan route -> dispatch -> stream back
 * -> account -> audit). A deployment that speaks the Responses API itself gets the body as it came (the fast path),
 * with the resolved history as its input and `store: false`: the gateway's store is the one place content is kept.
 */
import { authenticateExchange } from '../../api/authenticate-exchange.js';
import { memoize } from '../../capabilities/memoize.js';
import { GeorouteError, toGeorouteError } from '../../errors/error-catalog.js';
import type { GatewayContext } from '../../gateway/gateway-context.js';
import { authorizeResidency } from '../../pipeline/authorize-residency.js';
import { runInference } from '../../pipeline/inference-pipeline.js';
import { newRequestProgress, recordRejectedRequest, type RequestProgress } from '../../pipeline/record-rejected-request.js';
import { resolveSourceRegion, SOURCE_REGION_HEADER } from '../../pipeline/resolve-source-region.js';
import { parseSessionIdHeader, SESSION_ID_HEADER } from '../../routing/session-id-header.js';
import { headerValue, type HttpExchange } from '../../server/http-exchange.js';
import { parseJsonObject, readRequestBody } from '../../server/read-request-body.js';
import { estimateResponsesInputTokens } from './estimate-responses-input-tokens.js';
import { createOpenAiResponsesSurface, parseResponsesBody } from './openai-responses-surface.js';
import { resolveResponsesHistory } from './resolve-responses-history.js';
import { parseResponsesRequest } from './responses-request-schema.js';
import { ResponsesResponseWriter, type KeepResponse } from './responses-response-writer.js';
import { buildResponsesToolNames } from './responses-tool-names.js';

const DEFAULT_MAX_OUTPUT_TOKENS = 1024;
const SESSION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export async function handleCreateResponse(gateway: GatewayContext, exchange: HttpExchange): Promise<void> {
  const progress = newRequestProgress();
  try {
    await serveCreateResponse(gateway, exchange, progress);
  } catch (error) {
    if (!progress.handedToPipeline) {
      await recordRejectedRequest(gateway.services, exchange, 'openai', 'Responses', progress, gateway.loaded.config.server.defaultSourceRegion, toGeorouteError(error));
    }
    throw error;
  }
}

/** `x-georoute-session-id`, else the request's `prompt_cache_key` (the same wish: keep the prompt cache warm). */
function sessionIdOf(exchange: HttpExchange, promptCacheKey: string | null | undefined): string | undefined {
  const header = parseSessionIdHeader(headerValue(exchange.request, SESSION_ID_HEADER));
  if (header !== undefined) return header;
  return typeof promptCacheKey === 'string' && SESSION_ID.test(promptCacheKey) ? promptCacheKey : undefined;
}

async function serveCreateResponse(gateway: GatewayContext, exchange: HttpExchange, progress: RequestProgress): Promise<void> {
  const { config, catalog } = gateway.loaded;
  const raw = await readRequestBody(exchange.request, config.server.maxBodyBytes);
  const { identity } = authenticateExchange(gateway, exchange, raw);
  progress.identity = identity;
  const body = parseJsonObject(raw);
  if (typeof body.model === 'string') progress.requestedModelId = body.model;
  progress.stream = body.stream === true;
  const sourceRegionId = resolveSourceRegion(catalog, headerValue(exchange.request, SOURCE_REGION_HEADER), identity, config.server.defaultSourceRegion);
  progress.sourceRegionId = sourceRegionId;
  const request = parseResponsesRequest(body);
  const ownerId = `${identity.type}:${identity.id}`;
  const store = gateway.responseStores?.forRegion(sourceRegionId);
  const nowMs = Date.now();
  const history = resolveResponsesHistory(request, body, store && { store, ownerId, nowMs });
  // The body a Responses upstream receives: the whole conversation, nothing for it to look up or keep.
  const { previous_response_id: _previous, ...rest } = body;
  const forwarded: Record<string, unknown> = { ...rest, input: history.input, store: false };
  const parsed = parseResponsesBody(forwarded);
  const resolved = gateway.profiles.resolve(request.model);
  if (!resolved) {
    throw new GeorouteError('profile_not_found', `The model or inference profile "${request.model}" does not exist. GET /v1/models lists them.`, { param: 'model' });
  }
  authorizeResidency(gateway.services.router, progress, identity, resolved.profile, sourceRegionId);
  const keep: KeepResponse | undefined = store === undefined || !history.keep
    ? undefined
    : (response) => store.put({ id: String(response.id), sourceRegionId, ownerId, createdAtMs: nowMs, expiresAtMs: nowMs + (gateway.responseStores?.retentionMs ?? 0), inputItems: history.input, response: { ...response, store: true } });
  const surface = createOpenAiResponsesSurface({
    request,
    rawTools: Array.isArray(body.tools) ? body.tools : [],
    rawToolChoice: body.tool_choice,
    names: buildResponsesToolNames(request),
    responseId: `resp_${exchange.requestId.replaceAll('-', '')}`,
    createdAt: Math.floor(exchange.receivedAt / 1000),
    model: request.model,
    store: keep !== undefined,
    includeEncryptedReasoning: request.include?.includes('reasoning.encrypted_content') === true,
  });
  const stream = request.stream === true;
  progress.handedToPipeline = true;
  await runInference(gateway.services, {
    exchange,
    auditSurface: 'openai',
    eventName: 'Responses',
    identity,
    sourceRegionId,
    requestedModelId: request.model,
    profile: resolved.profile,
    wire: { format: 'openai-responses', body: forwarded },
    stream,
    estimatedInputTokens: estimateResponsesInputTokens(parsed.request),
    maxOutputTokens: request.max_output_tokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
    sessionId: sessionIdOf(exchange, request.prompt_cache_key),
    surface,
    canonical: memoize(() => parsed),
    writer: new ResponsesResponseWriter(exchange.response, keep, (error) => gateway.logger.error({ err: error, requestId: exchange.requestId }, 'response could not be kept in the response store')),
  });
}
