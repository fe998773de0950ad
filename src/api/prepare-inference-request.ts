/**
 * The stages every inference surface runs before the pipeline, written once: read the body -> authenticate ->
 * the surface's own header checks -> source region -> identify the model (from the body or the path) -> resolve
 * the profile -> authorize (profile access and the residency boundary). A surface supplies only what is its own
 * (`InboundPreamble`). `progress` is filled in as each stage succeeds, for the audit record of a refusal.
 */
import type { AuthResult } from '../auth/authenticator.js';
import type { Identity } from '../auth/identity.js';
import type { InferenceProfile } from '../catalog/catalog-types.js';
import type { GeorouteError } from '../errors/error-catalog.js';
import type { GatewayContext } from '../gateway/gateway-context.js';
import { authorizeResidency } from '../pipeline/authorize-residency.js';
import type { RequestProgress } from '../pipeline/record-rejected-request.js';
import { resolveSourceRegion, SOURCE_REGION_HEADER } from '../pipeline/resolve-source-region.js';
import { parseSessionIdHeader, SESSION_ID_HEADER } from '../routing/session-id-header.js';
import { headerValue, type HttpExchange } from '../server/http-exchange.js';
import { readRequestBody } from '../server/read-request-body.js';
import { authenticateExchange } from './authenticate-exchange.js';

export interface InboundPreamble<T> {
  /** The source region the caller's credentials name (Bedrock: the SigV4 scope region); else the header decides. */
  credentialRegion?(exchange: HttpExchange, auth: AuthResult): string | undefined;
  /** The surface's own header checks (`anthropic-version`). */
  checkHeaders?(exchange: HttpExchange): void;
  /** The model id the caller asked for (body or path), and what the surface parsed on the way. */
  identify(raw: Buffer, progress: RequestProgress): { modelId: string; parsed: T };
  /** The error for a model id that names no model or profile, in the surface's words. */
  unknownModel(modelId: string): GeorouteError;
}

export interface PreparedInferenceRequest<T> {
  raw: Buffer;
  identity: Identity;
  sourceRegionId: string;
  /** The model id as the caller sent it. */
  modelId: string;
  profile: InferenceProfile;
  /** `x-georoute-session-id`, when the client asked for session affinity. */
  sessionId?: string;
  parsed: T;
}

export async function prepareInferenceRequest<T>(
  gateway: GatewayContext,
  exchange: HttpExchange,
  progress: RequestProgress,
  preamble: InboundPreamble<T>,
): Promise<PreparedInferenceRequest<T>> {
  const { config, catalog } = gateway.loaded;
  const raw = await readRequestBody(exchange.request, config.server.maxBodyBytes);
  const auth = authenticateExchange(gateway, exchange, raw);
  const { identity } = auth;
  progress.identity = identity;
  preamble.checkHeaders?.(exchange);
  const requested = preamble.credentialRegion?.(exchange, auth) ?? headerValue(exchange.request, SOURCE_REGION_HEADER);
  const sourceRegionId = resolveSourceRegion(catalog, requested, identity, config.server.defaultSourceRegion);
  progress.sourceRegionId = sourceRegionId;
  const sessionId = parseSessionIdHeader(headerValue(exchange.request, SESSION_ID_HEADER));
  const { modelId, parsed } = preamble.identify(raw, progress);
  progress.requestedModelId = modelId;
  const resolved = gateway.profiles.resolve(modelId);
  if (!resolved) throw preamble.unknownModel(modelId);
  authorizeResidency(gateway.services.router, progress, identity, resolved.profile, sourceRegionId);
  return { raw, identity, sourceRegionId, modelId, profile: resolved.profile, sessionId, parsed };
}
