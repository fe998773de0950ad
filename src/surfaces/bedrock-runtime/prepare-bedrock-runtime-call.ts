/**
 * The stages every Bedrock Runtime operation shares before its own parsing: read the body (SigV4 covers it) ->
 * authenticate -> source region -> resolve the model id -> authorize. The source region is the SigV4
 * credential-scope region (the SDK's `region`, which a header cannot override). Callers that do not sign (bearer
 * keys) may name it with `x-georoute-source-region`, else their key's region applies, else the server default.
 * With `auth: none` the scope region is read from the unverified header, so the SDK's `region` still selects it.
 */
import { parseSigV4Authorization } from '../../auth/sigv4-authorization-header.js';
import { authorizeResidency } from '../../pipeline/authorize-residency.js';
import type { Identity } from '../../auth/identity.js';
import type { InferenceProfile } from '../../catalog/catalog-types.js';
import { GeorouteError } from '../../errors/error-catalog.js';
import type { GatewayContext } from '../../gateway/gateway-context.js';
import type { RequestProgress } from '../../pipeline/record-rejected-request.js';
import { resolveSourceRegion, SOURCE_REGION_HEADER } from '../../pipeline/resolve-source-region.js';
import { parseSessionIdHeader, SESSION_ID_HEADER } from '../../routing/session-id-header.js';
import { headerValue, type HttpExchange } from '../../server/http-exchange.js';
import { readRequestBody } from '../../server/read-request-body.js';
import { authenticateExchange } from '../../api/authenticate-exchange.js';

const MAX_MODEL_ID_LENGTH = 2048;

export interface BedrockRuntimeCall {
  raw: Buffer;
  identity: Identity;
  sourceRegionId: string;
  /** The model id as the client sent it, percent-decoded. */
  modelId: string;
  profile: InferenceProfile;
  /** `x-georoute-session-id`, when the client asked for session affinity. */
  sessionId?: string;
}

export function decodeModelIdParam(encoded: string): string {
  let modelId: string;
  try {
    modelId = decodeURIComponent(encoded);
  } catch {
    throw new GeorouteError('invalid_request', 'The model identifier in the path is not valid percent-encoding.', { param: 'modelId' });
  }
  if (modelId.length === 0 || modelId.length > MAX_MODEL_ID_LENGTH) {
    throw new GeorouteError('invalid_request', `The model identifier must be 1 to ${MAX_MODEL_ID_LENGTH} characters long.`, { param: 'modelId' });
  }
  return modelId;
}

function unverifiedScopeRegion(exchange: HttpExchange): string | undefined {
  const authorization = headerValue(exchange.request, 'authorization');
  return authorization === undefined ? undefined : parseSigV4Authorization(authorization)?.scopeRegion;
}

/** `progress` is filled in as each stage succeeds, for the audit record of a refused request. */
export async function prepareBedrockRuntimeCall(
  gateway: GatewayContext,
  exchange: HttpExchange,
  encodedModelId: string,
  progress: RequestProgress,
): Promise<BedrockRuntimeCall> {
  const { config, catalog } = gateway.loaded;
  const raw = await readRequestBody(exchange.request, config.server.maxBodyBytes);
  const { identity, signingRegion } = authenticateExchange(gateway, exchange, raw);
  progress.identity = identity;
  const modelId = decodeModelIdParam(encodedModelId);
  progress.requestedModelId = modelId;
  const scopeRegion = signingRegion ?? (identity.type === 'anonymous' ? unverifiedScopeRegion(exchange) : undefined);
  const requested = scopeRegion ?? headerValue(exchange.request, SOURCE_REGION_HEADER);
  const sourceRegionId = resolveSourceRegion(catalog, requested, identity, config.server.defaultSourceRegion);
  progress.sourceRegionId = sourceRegionId;
  const sessionId = parseSessionIdHeader(headerValue(exchange.request, SESSION_ID_HEADER));
  const resolved = gateway.profiles.resolve(modelId);
  if (!resolved) {
    throw new GeorouteError('profile_not_found', `The model or inference profile "${modelId}" does not exist. GET /inference-profiles lists the profiles.`, {
      param: 'modelId',
    });
  }
  authorizeResidency(gateway.services.router, progress, identity, resolved.profile, sourceRegionId);
  return { raw, identity, sourceRegionId, modelId, profile: resolved.profile, sessionId };
}
