/**
 * GET /inference-profiles (ListInferenceProfiles). Query: `type` (the SDK's `typeEquals`; SYSTEM_DEFINED or
 * APPLICATION, default SYSTEM_DEFINED as Bedrock does), `maxResults` (1-1000, default 1000), `nextToken`.
 * Profiles are ordered by id; `nextToken` is an opaque cursor (the last id returned), so a page never repeats or
 * skips a profile that existed for the whole walk, even while others are created or deleted.
 */
import type { InferenceProfile } from '../../../catalog/catalog-types.js';
import { GeorouteError } from '../../../errors/error-catalog.js';
import type { GatewayContext } from '../../../gateway/gateway-context.js';
import type { HttpExchange } from '../../../server/http-exchange.js';
import { authenticateControlPlaneCaller, sendControlPlaneJson } from './control-plane-caller.js';
import { applicationProfileStoreOf } from './find-inference-profile.js';
import { summarizeInferenceProfile } from './inference-profile-summary.js';

export const MAX_LIST_RESULTS = 1000;

type ListedType = 'SYSTEM_DEFINED' | 'APPLICATION';

interface PageCursor {
  type: ListedType;
  after: string;
}

export function encodePageToken(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify({ v: 1, t: cursor.type, a: cursor.after }), 'utf8').toString('base64url');
}

export function decodePageToken(token: string, type: ListedType): PageCursor {
  const invalid = () => new GeorouteError('invalid_request', 'The nextToken is not valid for this request.', { param: 'nextToken' });
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (value === null || typeof value !== 'object') throw invalid();
  const { v, t, a } = value as Record<string, unknown>;
  if (v !== 1 || t !== type || typeof a !== 'string') throw invalid();
  return { type, after: a };
}

function parseType(value: string | null): ListedType {
  if (value === null || value === 'SYSTEM_DEFINED') return 'SYSTEM_DEFINED';
  if (value === 'APPLICATION') return 'APPLICATION';
  throw new GeorouteError('invalid_request', `type must be SYSTEM_DEFINED or APPLICATION, not "${value}".`, { param: 'typeEquals' });
}

function parseMaxResults(value: string | null): number {
  if (value === null) return MAX_LIST_RESULTS;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_LIST_RESULTS) {
    throw new GeorouteError('invalid_request', `maxResults must be an integer from 1 to ${MAX_LIST_RESULTS}, not "${value}".`, { param: 'maxResults' });
  }
  return n;
}

function profilesOfType(gateway: GatewayContext, type: ListedType): InferenceProfile[] {
  if (type === 'APPLICATION') return [...(applicationProfileStoreOf(gateway)?.list() ?? [])];
  return [...gateway.loaded.catalog.systemProfiles.values()]
    .filter((p) => p.type === 'SYSTEM_DEFINED')
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export async function handleListInferenceProfiles(gateway: GatewayContext, exchange: HttpExchange): Promise<void> {
  const caller = authenticateControlPlaneCaller(gateway, exchange);
  exchange.request.resume();
  const type = parseType(exchange.query.get('type'));
  const maxResults = parseMaxResults(exchange.query.get('maxResults'));
  const token = exchange.query.get('nextToken');
  const after = token === null || token === '' ? undefined : decodePageToken(token, type).after;
  const remaining = profilesOfType(gateway, type).filter((p) => after === undefined || p.id > after);
  const page = remaining.slice(0, maxResults);
  const last = page.at(-1);
  sendControlPlaneJson(exchange, 200, {
    inferenceProfileSummaries: page.map((p) => summarizeInferenceProfile(gateway.loaded.catalog, p, caller.sourceRegionId)),
    ...(remaining.length > page.length && last ? { nextToken: encodePageToken({ type, after: last.id }) } : {}),
  });
}
