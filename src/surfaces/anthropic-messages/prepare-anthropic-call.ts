/**
 * What `/v1/messages` and `/v1/messages/count_tokens` bring to the shared preamble (src/api/prepare-inference-
 * request.ts): the `anthropic-version` check, and the model id from the parsed body.
 */
import type { Identity } from '../../auth/identity.js';
import type { InferenceProfile } from '../../catalog/catalog-types.js';
import { GeorouteError } from '../../errors/error-catalog.js';
import type { GatewayContext } from '../../gateway/gateway-context.js';
import type { RequestProgress } from '../../pipeline/record-rejected-request.js';
import { headerValue, type HttpExchange } from '../../server/http-exchange.js';
import { prepareInferenceRequest } from '../../api/prepare-inference-request.js';

export interface AnthropicCall<T> {
  identity: Identity;
  sourceRegionId: string;
  profile: InferenceProfile;
  sessionId?: string;
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
  const prepared = await prepareInferenceRequest(gateway, exchange, progress, {
    checkHeaders: checkVersionHeader,
    identify: (raw) => {
      const parsed = parse(raw);
      return { modelId: parsed.request.model, parsed };
    },
    unknownModel: (model) =>
      new GeorouteError('profile_not_found', `model: the model or inference profile "${model}" does not exist. GET /v1/models lists them.`, { param: 'model' }),
  });
  return { identity: prepared.identity, sourceRegionId: prepared.sourceRegionId, profile: prepared.profile, sessionId: prepared.sessionId, parsed: prepared.parsed };
}
