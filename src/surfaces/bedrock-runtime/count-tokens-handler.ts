/**
 * `POST /model/{modelId}/count-tokens`: `{"input":{"converse":{...}}}` or `{"input":{"invokeModel":{"body":"<b64>"}}}`
 * -> `{"inputTokens": N}`. Counted locally with the gateway's estimator (no upstream call, no capacity used);
 * the caller is still authenticated and authorized for the profile, and the call is audited.
 */
import { GeorouteError } from '../../errors/error-catalog.js';
import type { GatewayContext } from '../../gateway/gateway-context.js';
import type { RequestOutcome } from '../../pipeline/request-outcome.js';
import type { HttpExchange } from '../../server/http-exchange.js';
import { buildRequestOutcome } from '../../pipeline/request-outcome-of.js';
import { parseJsonObject } from '../../server/read-request-body.js';
import { parseConverseRequest } from '../bedrock-converse/converse-request-schema.js';
import { estimateInputTokens } from '../estimate-input-tokens.js';
import { auditingRejections } from '../../api/audit-rejected-requests.js';
import { parseNativeInvokeBody } from '../bedrock-invoke/parse-native-invoke-body.js';
import { prepareBedrockRuntimeCall, type BedrockRuntimeCall } from './prepare-bedrock-runtime-call.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function countInputTokens(gateway: GatewayContext, call: BedrockRuntimeCall): number {
  const body = parseJsonObject(call.raw);
  const input = body.input;
  if (!isRecord(input)) throw new GeorouteError('invalid_request', "Missing required field 'input'.", { param: 'input' });
  const members = Object.keys(input);
  if (members.length !== 1) {
    throw new GeorouteError('invalid_request', "'input' must have exactly one member: 'converse' or 'invokeModel'.", { param: 'input' });
  }
  if (isRecord(input.converse)) {
    return estimateInputTokens({ format: 'bedrock-converse', body: parseConverseRequest(input.converse) });
  }
  if (isRecord(input.invokeModel)) {
    const encoded = input.invokeModel.body;
    if (typeof encoded !== 'string' || encoded === '') {
      throw new GeorouteError('invalid_request', "'input.invokeModel.body' must be the base64 of the model-native body.", { param: 'input.invokeModel.body' });
    }
    return parseNativeInvokeBody(gateway.loaded.catalog, call.profile, Buffer.from(encoded, 'base64')).estimatedInputTokens;
  }
  throw new GeorouteError('invalid_request', "'input' must be {\"converse\": {...}} or {\"invokeModel\": {\"body\": ...}}.", { param: 'input' });
}

export function handleCountTokens(gateway: GatewayContext, exchange: HttpExchange, params: Readonly<Record<string, string>>): Promise<void> {
  return auditingRejections(gateway, exchange, 'bedrock', 'CountTokens', false, async (progress) => {
    const call = await prepareBedrockRuntimeCall(gateway, exchange, params.modelId ?? '', progress);
    const inputTokens = countInputTokens(gateway, call);
    progress.handedToPipeline = true;
    await recordCountTokens(gateway, exchange, 'bedrock', call);
    const text = JSON.stringify({ inputTokens });
    exchange.response.writeHead(200, {
      'x-amzn-requestid': exchange.requestId,
      'x-request-id': exchange.requestId,
      'x-georoute-source-region': call.sourceRegionId,
      'x-georoute-profile': call.profile.id,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
    });
    exchange.response.end(text);
  });
}

/** The audit record of a successful count (either surface), committed before the answer (a failure to commit is a 500). */
export async function recordCountTokens(
  gateway: GatewayContext,
  exchange: HttpExchange,
  surface: RequestOutcome['surface'],
  call: Pick<BedrockRuntimeCall, 'identity' | 'sourceRegionId' | 'modelId' | 'profile'>,
): Promise<void> {
  const outcome = buildRequestOutcome(exchange, 200, undefined, {
    eventName: 'CountTokens',
    surface,
    sourceRegionId: call.sourceRegionId,
    identity: call.identity,
    requestedModelId: call.modelId,
    profile: call.profile,
    attempts: [],
    stream: false,
  });
  try {
    await gateway.services.audit.record(outcome);
  } catch (cause) {
    gateway.services.logger.error({ err: cause, requestId: exchange.requestId }, 'audit record could not be committed');
    throw new GeorouteError('internal', 'The audit record could not be committed; the response was withheld.', { cause });
  }
  for (const observe of gateway.services.onOutcome) observe(outcome);
}
