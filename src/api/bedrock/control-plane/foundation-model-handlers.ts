/**
 * ListFoundationModels (`GET /foundation-models`, filters `byProvider`, `byOutputModality`, `byInferenceType`,
 * `byCustomizationType`) and GetFoundationModel (`GET /foundation-models/{modelIdentifier}`, an id or a
 * foundation-model ARN), answered from the catalog. georoute customizes nothing and serves on demand only, so a
 * customization filter lists nothing and `PROVISIONED` lists nothing.
 */
import { GeorouteError } from '../../../errors/error-catalog.js';
import type { GatewayContext } from '../../../gateway/gateway-context.js';
import type { HttpExchange } from '../../../server/http-exchange.js';
import { authenticateControlPlaneCaller, sendControlPlaneJson } from './control-plane-caller.js';
import { summarizeFoundationModel } from './foundation-model-summary.js';
import { decodeProfileIdentifier, parseBedrockArn } from './inference-profile-arn.js';

const MODALITIES = ['TEXT', 'IMAGE', 'EMBEDDING'];
const INFERENCE_TYPES = ['ON_DEMAND', 'PROVISIONED'];
const CUSTOMIZATIONS = ['FINE_TUNING', 'CONTINUED_PRE_TRAINING', 'DISTILLATION'];

function enumQuery(exchange: HttpExchange, name: string, allowed: readonly string[]): string | undefined {
  const value = exchange.query.get(name);
  if (value === null) return undefined;
  if (!allowed.includes(value)) throw new GeorouteError('invalid_request', `${name} must be one of ${allowed.join(', ')}, not "${value}".`, { param: name });
  return value;
}

export async function handleListFoundationModels(gateway: GatewayContext, exchange: HttpExchange): Promise<void> {
  const caller = authenticateControlPlaneCaller(gateway, exchange);
  exchange.request.resume();
  const provider = exchange.query.get('byProvider')?.toLowerCase();
  const modality = enumQuery(exchange, 'byOutputModality', MODALITIES);
  const inferenceType = enumQuery(exchange, 'byInferenceType', INFERENCE_TYPES);
  const customization = enumQuery(exchange, 'byCustomizationType', CUSTOMIZATIONS);
  const summaries = [...gateway.loaded.catalog.models.values()]
    .map((model) => summarizeFoundationModel(model, caller.sourceRegionId))
    .filter((s) => provider === undefined || s.providerName.toLowerCase() === provider)
    .filter((s) => modality === undefined || s.outputModalities.includes(modality))
    .filter((s) => inferenceType === undefined || s.inferenceTypesSupported.includes(inferenceType))
    .filter((s) => customization === undefined || s.customizationsSupported.includes(customization))
    .sort((a, b) => (a.modelId < b.modelId ? -1 : a.modelId > b.modelId ? 1 : 0));
  sendControlPlaneJson(exchange, 200, { modelSummaries: summaries });
}

export async function handleGetFoundationModel(gateway: GatewayContext, exchange: HttpExchange, params: Readonly<Record<string, string>>): Promise<void> {
  const caller = authenticateControlPlaneCaller(gateway, exchange);
  exchange.request.resume();
  const identifier = decodeProfileIdentifier(params.modelIdentifier ?? '');
  const arn = parseBedrockArn(identifier);
  const modelId = arn === undefined ? identifier : arn.kind === 'foundation-model' ? arn.resourceId : undefined;
  const model = modelId === undefined ? undefined : gateway.loaded.catalog.models.get(modelId);
  if (!model) throw new GeorouteError('profile_not_found', `The foundation model "${identifier}" does not exist.`, { param: 'modelIdentifier' });
  sendControlPlaneJson(exchange, 200, { modelDetails: summarizeFoundationModel(model, arn?.region || caller.sourceRegionId) });
}
