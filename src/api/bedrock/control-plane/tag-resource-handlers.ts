/**
 * TagResource (`POST /tagResource`), UntagResource (`POST /untagResource`) and ListTagsForResource
 * (`POST /listTagsForResource`) for application inference profiles, named by their ARN. The tags are the
 * profile's cost-allocation tags, as given at creation: every later request's audit record carries them, and
 * `georoute spend --by tag` sums by them. Changing tags needs an admin identity; listing them any identity.
 * System-defined profiles and foundation models carry no tags here (a ValidationException says so).
 */
import { z } from 'zod';
import type { InferenceProfile } from '../../../catalog/catalog-types.js';
import { GeorouteError } from '../../../errors/error-catalog.js';
import type { GatewayContext } from '../../../gateway/gateway-context.js';
import type { HttpExchange } from '../../../server/http-exchange.js';
import { parseJsonObject, readRequestBody } from '../../../server/read-request-body.js';
import { parseWireBody } from '../../../server/parse-wire-body.js';
import { authenticateControlPlaneCaller, requireProfileAdmin, sendControlPlaneJson, type ControlPlaneCaller } from './control-plane-caller.js';
import { MAX_TAGS } from './create-inference-profile-request.js';
import { requireApplicationProfileStore } from './find-inference-profile.js';
import { parseBedrockArn } from './inference-profile-arn.js';

const resourceArn = z.string().min(1).max(1011);
const tag = z.object({ key: z.string().min(1).max(128), value: z.string().max(256) }).strict();
const tagSchema = z.object({ resourceARN: resourceArn, tags: z.array(tag).max(MAX_TAGS) }).strict();
const untagSchema = z.object({ resourceARN: resourceArn, tagKeys: z.array(z.string().min(1).max(128)).max(MAX_TAGS) }).strict();
const listSchema = z.object({ resourceARN: resourceArn }).strict();

async function readCall<S extends z.ZodTypeAny>(gateway: GatewayContext, exchange: HttpExchange, schema: S): Promise<{ caller: ControlPlaneCaller; body: z.output<S> }> {
  const raw = await readRequestBody(exchange.request, gateway.loaded.config.server.maxBodyBytes);
  const caller = authenticateControlPlaneCaller(gateway, exchange, raw);
  return { caller, body: parseWireBody(schema, parseJsonObject(raw)) };
}

function applicationProfileId(arn: string): string {
  const parsed = parseBedrockArn(arn);
  if (parsed?.kind !== 'application-inference-profile') {
    throw new GeorouteError('invalid_request', `Only application inference profiles carry tags on this gateway; "${arn}" is not the ARN of one.`, { param: 'resourceARN' });
  }
  return parsed.resourceId;
}

function notFound(arn: string): GeorouteError {
  return new GeorouteError('profile_not_found', `The resource "${arn}" does not exist.`, { param: 'resourceARN' });
}

function tagList(profile: InferenceProfile): Array<{ key: string; value: string }> {
  return Object.entries(profile.tags).map(([key, value]) => ({ key, value }));
}

export async function handleTagResource(gateway: GatewayContext, exchange: HttpExchange): Promise<void> {
  const { caller, body } = await readCall(gateway, exchange, tagSchema);
  requireProfileAdmin(caller, 'TagResource');
  const id = applicationProfileId(body.resourceARN);
  const store = requireApplicationProfileStore(gateway);
  const current = store.get(id);
  if (!current) throw notFound(body.resourceARN);
  const merged = { ...current.tags, ...Object.fromEntries(body.tags.map((t) => [t.key, t.value])) };
  if (Object.keys(merged).length > MAX_TAGS) throw new GeorouteError('invalid_request', `A resource carries at most ${MAX_TAGS} tags.`, { param: 'tags' });
  await store.retag(id, () => merged);
  gateway.logger.info({ profileId: id, identity: caller.identity.id, keys: body.tags.map((t) => t.key) }, 'application inference profile tagged');
  sendControlPlaneJson(exchange, 200, {});
}

export async function handleUntagResource(gateway: GatewayContext, exchange: HttpExchange): Promise<void> {
  const { caller, body } = await readCall(gateway, exchange, untagSchema);
  requireProfileAdmin(caller, 'UntagResource');
  const id = applicationProfileId(body.resourceARN);
  const removed = new Set(body.tagKeys);
  const profile = await requireApplicationProfileStore(gateway).retag(id, (tags) => Object.fromEntries(Object.entries(tags).filter(([key]) => !removed.has(key))));
  if (!profile) throw notFound(body.resourceARN);
  gateway.logger.info({ profileId: id, identity: caller.identity.id, keys: body.tagKeys }, 'application inference profile untagged');
  sendControlPlaneJson(exchange, 200, {});
}

export async function handleListTagsForResource(gateway: GatewayContext, exchange: HttpExchange): Promise<void> {
  const { body } = await readCall(gateway, exchange, listSchema);
  const profile = requireApplicationProfileStore(gateway).get(applicationProfileId(body.resourceARN));
  if (!profile) throw notFound(body.resourceARN);
  sendControlPlaneJson(exchange, 200, { tags: tagList(profile) });
}
