/**
 * The stages `/v1/messages` and `/v1/messages/count_tokens` share before their own work: read the body ->
 * authenticate -> check `anthropic-version` -> source region -> parse -> resolve the model id -> authorize.
 */
import { authorizeProfile } from '../../auth/authorize-profile.js';
import type { Identity } from '../../auth/identity.js';
import type { InferenceProfile } from '../../catalog/catalog-types.js';
import { GeorouteError } from '../../errors/error-catalog.js';
import type { GatewayContext } from '../../gateway/gateway-context.js';
import type { RequestProgress } from '../../pipeline/record-rejected-request.js';
import { resolveSourceRegion, SOURCE_REGION_HEADER } from '../../pipeline/resolve-source-region.js';
import { headerValue, type HttpExchange } from '../../server/http-exchange.js';
import { readRequestBody } from '../../server/read-request-body.js';
import { authenticateExchange } from '../../api/authenticate-exchange.js';

export interface AnthropicCall<T> {
  identity: Identity;
  sourceRegionId: string;
  profile: InferenceProfile;
  parsed: T;
}

/** `anthropic-version: 2023-06-01`; optional here (Anthropic requires it, clients always send it). */
function checkVersionHeader(exchange: HttpExchange): void {
  const version = headerValue(exchange.request, 'anthropic-version');
  if (version !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(version.trim())) {
    throw new GeorouteError('invalid_request', `anthropic-version: "${version.slice(0, 40)}" is not an API version such as 2023-06-01.`, { param: 'anthropic-version' });
  }
}

/** The `anthropic-beta` header (comma-separated, possibly repeated) as a list; undefined when absent. */
export function readAnthropicBetas(exchange: HttpExchange): string[] | undefined {
  const raw = exchange.request.headers['anthropic-beta'];
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  return values.length === 0 ? undefined : values;
}

export async function prepareAnthropicCall<T extends { request: { model: string } }>(
  gateway: GatewayContext,
  exchange: HttpExchange,
  progress: RequestProgress,
  parse: (raw: Buffer) => T,
): Promise<AnthropicCall<T>> {
  const { config, catalog } = gateway.loaded;
  const raw = await readRequestBody(exchange.request, config.server.maxBodyBytes);
  const { identity } = authenticateExchange(gateway, exchange, raw);
  progress.identity = identity;
  checkVersionHeader(exchange);
  const sourceRegionId = resolveSourceRegion(catalog, headerValue(exchange.request, SOURCE_REGION_HEADER), identity, config.server.defaultSourceRegion);
  progress.sourceRegionId = sourceRegionId;
  const parsed = parse(raw);
  const model = parsed.request.model;
  progress.requestedModelId = model;
  const resolved = gateway.profiles.resolve(model);
  if (!resolved) {
    throw new GeorouteError('profile_not_found', `model: the model or inference profile "${model}" does not exist. GET /v1/models lists them.`, { param: 'model' });
  }
  progress.profile = resolved.profile;
  authorizeProfile(identity, resolved.profile);
  return { identity, sourceRegionId, profile: resolved.profile, parsed };
}
