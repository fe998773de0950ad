/**
 * Every Bedrock operation georoute does not serve (ApplyGuardrail, StartAsyncInvoke, CreateModelInvocationJob,
 * guardrails, custom models, ...) answers in Bedrock's error format: `x-amzn-errortype: ValidationException`, 400,
 * a message naming the operation, so the AWS SDKs raise their typed `ValidationException` instead of an
 * `UnknownError`. Paths under a Bedrock prefix that name no operation get Bedrock's shape too. The table of
 * operations is data (bedrock-operation-table.ts); the served ones are the routes listed before this surface.
 */
import type { ApiRoute } from '../api-route.js';
import type { ApiSurfaceDefinition } from '../create-api-handler.js';
import { GeorouteError } from '../../errors/error-catalog.js';
import { BEDROCK_OPERATIONS, type BedrockOperation } from './bedrock-operation-table.js';

/** The operations georoute serves (their routes live with their surfaces). */
export const SERVED_BEDROCK_OPERATIONS: ReadonlySet<string> = new Set([
  'Converse',
  'ConverseStream',
  'InvokeModel',
  'InvokeModelWithResponseStream',
  'CountTokens',
  'ListInferenceProfiles',
  'GetInferenceProfile',
  'CreateInferenceProfile',
  'DeleteInferenceProfile',
  'ListFoundationModels',
  'GetFoundationModel',
  'TagResource',
  'UntagResource',
  'ListTagsForResource',
]);

function patternOf(template: string): RegExp {
  const escaped = template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('[^/]+')}/?$`);
}

function refusal([api, name, method, template]: BedrockOperation): ApiRoute {
  const where = api === 'runtime' ? 'Bedrock Runtime' : 'Bedrock';
  return {
    method,
    pattern: patternOf(template),
    surface: 'bedrock',
    async handle(_gateway, exchange) {
      exchange.request.resume();
      throw new GeorouteError(
        'unsupported_operation',
        `georoute does not implement the ${where} operation ${name} (${method} ${template}). docs/api-surfaces.md lists the operations it serves.`,
      );
    },
  };
}

const unimplemented = BEDROCK_OPERATIONS.filter(([, name]) => !SERVED_BEDROCK_OPERATIONS.has(name));

/** First path segments of Bedrock operations (`/guardrails`, `/async-invoke`, ...). */
const BEDROCK_PREFIXES: ReadonlySet<string> = new Set(BEDROCK_OPERATIONS.map(([, , , template]) => template.split('/')[1] ?? ''));

export const unimplementedBedrockSurface: ApiSurfaceDefinition = {
  routes: unimplemented.map(refusal),
  errorResponders: {},
  surfaceForUnknownPath: (path) => (BEDROCK_PREFIXES.has(path.split('/')[1] ?? '') ? 'bedrock' : undefined),
};
