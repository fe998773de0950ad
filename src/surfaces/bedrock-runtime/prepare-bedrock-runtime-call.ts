/**
 * What every Bedrock Runtime operation brings to the shared preamble (src/api/prepare-inference-request.ts): the
 * model id from the path, and the source region from the SigV4 signature. The source region is the SigV4
 * credential-scope region (the SDK's `region`, which a header cannot override). Callers that do not sign (bearer
 * keys) may name it with `x-georoute-source-region`, else their key's region applies, else the server default.
 * With `auth: none` the scope region is read from the unverified header, so the SDK's `region` still selects it.
 */
import { parseSigV4Authorization } from '../../auth/sigv4-authorization-header.js';
import { GeorouteError } from '../../errors/error-catalog.js';
import type { GatewayContext } from '../../gateway/gateway-context.js';
import type { RequestProgress } from '../../pipeline/record-rejected-request.js';
import { headerValue, type HttpExchange } from '../../server/http-exchange.js';
import { prepareInferenceRequest, type InboundPreamble, type PreparedInferenceRequest } from '../../api/prepare-inference-request.js';

const MAX_MODEL_ID_LENGTH = 2048;

/** The shared preamble's result; the model id is the one from the path, percent-decoded. */
export type BedrockRuntimeCall = PreparedInferenceRequest<undefined>;

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

/** What the Bedrock Runtime operations bring to the shared preamble: the model id from the path, the SigV4 scope. */
export function bedrockRuntimePreamble(encodedModelId: string): InboundPreamble<undefined> {
  return {
    credentialRegion: (exchange, auth) => auth.signingRegion ?? (auth.identity.type === 'anonymous' ? unverifiedScopeRegion(exchange) : undefined),
    identify: () => ({ modelId: decodeModelIdParam(encodedModelId), parsed: undefined }),
    unknownModel: (modelId) =>
      new GeorouteError('profile_not_found', `The model or inference profile "${modelId}" does not exist. GET /inference-profiles lists the profiles.`, {
        param: 'modelId',
      }),
  };
}

/** `progress` is filled in as each stage succeeds, for the audit record of a refused request. */
export async function prepareBedrockRuntimeCall(
  gateway: GatewayContext,
  exchange: HttpExchange,
  encodedModelId: string,
  progress: RequestProgress,
): Promise<BedrockRuntimeCall> {
  return prepareInferenceRequest(gateway, exchange, progress, bedrockRuntimePreamble(encodedModelId));
}
