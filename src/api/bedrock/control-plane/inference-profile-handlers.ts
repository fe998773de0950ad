/**
 * GetInferenceProfile, CreateInferenceProfile and DeleteInferenceProfile. Any authenticated identity may read;
 * creating and deleting need an admin identity (every caller is one with `auth: none`).
 */
import { GeorouteError } from '../../../errors/error-catalog.js';
import type { GatewayContext } from '../../../gateway/gateway-context.js';
import type { HttpExchange } from '../../../server/http-exchange.js';
import { parseJsonObject, readRequestBody } from '../../../server/read-request-body.js';
import { authenticateControlPlaneCaller, requireProfileAdmin, sendControlPlaneJson } from './control-plane-caller.js';
import { createRequestFingerprint, parseCreateInferenceProfileRequest, tagRecord } from './create-inference-profile-request.js';
import { findInferenceProfile, requireApplicationProfileStore } from './find-inference-profile.js';
import { applicationProfileArn } from './inference-profile-arn.js';
import { summarizeInferenceProfile } from './inference-profile-summary.js';
import { resolveModelSource } from './resolve-model-source.js';

type Params = Readonly<Record<string, string>>;

export async function handleGetInferenceProfile(gateway: GatewayContext, exchange: HttpExchange, params: Params): Promise<void> {
  const caller = authenticateControlPlaneCaller(gateway, exchange);
  exchange.request.resume();
  const profile = findInferenceProfile(gateway, params.identifier ?? '');
  sendControlPlaneJson(exchange, 200, summarizeInferenceProfile(gateway.loaded.catalog, profile, caller.sourceRegionId));
}

export async function handleCreateInferenceProfile(gateway: GatewayContext, exchange: HttpExchange): Promise<void> {
  const raw = await readRequestBody(exchange.request, gateway.loaded.config.server.maxBodyBytes);
  const caller = authenticateControlPlaneCaller(gateway, exchange, raw);
  requireProfileAdmin(caller, 'CreateInferenceProfile');
  const store = requireApplicationProfileStore(gateway);
  const request = parseCreateInferenceProfileRequest(parseJsonObject(raw));
  const source = resolveModelSource(gateway.loaded.catalog, request.modelSource.copyFrom);
  const { profile, created } = await store.create({
    name: request.inferenceProfileName,
    description: request.description ?? '',
    ...source,
    tags: tagRecord(request),
    clientRequestToken: request.clientRequestToken,
    requestFingerprint: createRequestFingerprint(request),
  });
  if (created) {
    gateway.logger.info({ profileId: profile.id, name: profile.name, copiedFrom: profile.copiedFrom, identity: caller.identity.id }, 'application inference profile created');
  }
  sendControlPlaneJson(exchange, 201, { inferenceProfileArn: applicationProfileArn(caller.sourceRegionId, profile.id), status: 'ACTIVE' });
}

export async function handleDeleteInferenceProfile(gateway: GatewayContext, exchange: HttpExchange, params: Params): Promise<void> {
  const caller = authenticateControlPlaneCaller(gateway, exchange);
  exchange.request.resume();
  requireProfileAdmin(caller, 'DeleteInferenceProfile');
  const profile = findInferenceProfile(gateway, params.identifier ?? '');
  if (profile.type !== 'APPLICATION') {
    throw new GeorouteError('invalid_request', `"${profile.id}" is a system-defined inference profile; only application inference profiles can be deleted.`, {
      param: 'inferenceProfileIdentifier',
    });
  }
  await requireApplicationProfileStore(gateway).delete(profile.id);
  gateway.logger.info({ profileId: profile.id, identity: caller.identity.id }, 'application inference profile deleted');
  sendControlPlaneJson(exchange, 200, {});
}
