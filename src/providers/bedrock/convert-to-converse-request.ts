/**
 * Canonical request -> Converse request body (the model id goes in the path). System, messages, tools and the
 * tool choice block by block; the settings Converse has (`inferenceConfig`, `requestMetadata`, `serviceTier`,
 * structured output as `outputConfig.textFormat`, reasoning as the family's fields); the `bedrock` provider
 * options passed back as they came. Settings Converse has no member for (seed, several choices, logprobs,
 * parallel-tool-call control, an end user, other providers' options) are not in the provider's capabilities, so
 * they reach here only when the operator allowed dropping them (`models[].droppableSettings`): they are left out.
 * A value Converse cannot hold (a temperature above 1, an unknown tier, tool choice `none`, media at a URL) is an
 * `invalid_request` naming it. Pure.
 */
import { GeorouteError } from '../../errors/error-catalog.js';
import type { InferenceRequest } from '../../inference/inference-request.js';
import type { InferenceSettings } from '../../inference/inference-settings.js';
import type { InferenceTool, InferenceToolChoice } from '../../inference/inference-tools.js';
import type { ConverseInferenceConfig, ConverseOutputConfig, ConverseRequest, ConverseTool, ConverseToolChoice } from '../../surfaces/bedrock-converse/converse-types.js';
import { BEDROCK_ONLY_MEMBERS } from '../../surfaces/bedrock-converse/convert-converse-request-to-inference.js';
import { assistantBlock, cachePointBlock, systemBlock, userBlock } from '../../surfaces/bedrock-converse/convert-inference-parts-to-converse-blocks.js';
import { mapReasoningToConverse } from './map-reasoning-to-converse.js';

/** Converse takes temperatures from 0 to 1. */
export const CONVERSE_MAX_TEMPERATURE = 1;
const SERVICE_TIERS: ReadonlySet<string> = new Set(['default', 'flex', 'priority', 'reserved']);

export interface ConverseRequestOptions {
  /** The deployment's model family (`Deployment.nativeFormat`): where reasoning and top-k go. */
  family?: string;
}

function cannot(what: string, param: string): GeorouteError {
  return new GeorouteError('invalid_request', `${what} cannot be expressed in a Bedrock Converse request.`, { param });
}

function toolOf(tool: InferenceTool): ConverseTool {
  if (tool.type === 'cache-point') return { cachePoint: cachePointBlock(tool) };
  return {
    toolSpec: {
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      inputSchema: { json: tool.inputSchema },
      ...(tool.strict === true ? { strict: true } : {}),
    },
  };
}

function toolChoiceOf(choice: InferenceToolChoice): ConverseToolChoice {
  switch (choice.type) {
    case 'auto':
      return { auto: {} };
    case 'required':
      return { any: {} };
    case 'tool':
      return { tool: { name: choice.name } };
    case 'none':
      throw cannot('Tool choice "none"', 'toolChoice');
  }
}

function refuseInexpressible(settings: InferenceSettings): void {
  if (settings.temperature !== undefined && settings.temperature > CONVERSE_MAX_TEMPERATURE) throw cannot(`A temperature above ${CONVERSE_MAX_TEMPERATURE}`, 'temperature');
}

function inferenceConfigOf(settings: InferenceSettings): ConverseInferenceConfig | undefined {
  const config: ConverseInferenceConfig = {};
  if (settings.maxOutputTokens !== undefined) config.maxTokens = settings.maxOutputTokens;
  if (settings.temperature !== undefined) config.temperature = settings.temperature;
  if (settings.topP !== undefined) config.topP = settings.topP;
  if (settings.stopSequences !== undefined) config.stopSequences = [...settings.stopSequences];
  return Object.keys(config).length === 0 ? undefined : config;
}

function outputConfigOf(settings: InferenceSettings, effort: string | undefined): ConverseOutputConfig | undefined {
  const output: ConverseOutputConfig = {};
  const format = settings.responseFormat;
  if (format?.type === 'json-schema') {
    const jsonSchema = { schema: JSON.stringify(format.schema), name: format.name, ...(format.description === undefined ? {} : { description: format.description }) };
    output.textFormat = { type: 'json_schema', structure: { jsonSchema } };
  } else if (format?.type === 'json') {
    output.textFormat = { type: 'json_schema', structure: { jsonSchema: { schema: '{"type":"object"}', name: 'json_object' } } };
  }
  if (effort !== undefined) output.effort = effort;
  return Object.keys(output).length === 0 ? undefined : output;
}

function topKFields(topK: number | undefined, family: string | undefined): Record<string, unknown> {
  if (topK === undefined) return {};
  if (family === 'anthropic') return { top_k: topK };
  if (family === 'nova') return { inferenceConfig: { topK } };
  throw cannot('The setting topK (for a model of no known family)', 'topK');
}

/** The Converse tier of a canonical one (`auto` is `default`); undefined when Converse has no such tier. */
export function converseServiceTier(tier: string): string | undefined {
  const type = tier === 'auto' ? 'default' : tier;
  return SERVICE_TIERS.has(type) ? type : undefined;
}

function serviceTierOf(tier: string): { type: string } {
  const type = converseServiceTier(tier);
  if (type === undefined) throw cannot(`Service tier "${tier}"`, 'serviceTier');
  return { type };
}

export function convertToConverseRequest(request: InferenceRequest, options: ConverseRequestOptions = {}): ConverseRequest {
  const { settings } = request;
  refuseInexpressible(settings);
  const bedrock = request.providerOptions?.bedrock ?? {};
  const converse: ConverseRequest = {
    messages: request.messages.map((message, i) => ({
      role: message.role,
      content:
        message.role === 'user'
          ? message.content.map((part, j) => userBlock(part, `messages[${i}].content[${j}]`))
          : message.content.map((part, j) => assistantBlock(part, `messages[${i}].content[${j}]`)),
    })),
  };
  if (request.system.length > 0) converse.system = request.system.map(systemBlock);
  const inferenceConfig = inferenceConfigOf(settings);
  if (inferenceConfig !== undefined) converse.inferenceConfig = inferenceConfig;
  if (request.tools !== undefined && request.tools.length > 0) {
    converse.toolConfig = { tools: request.tools.map((tool) => toolOf(tool)), ...(request.toolChoice === undefined ? {} : { toolChoice: toolChoiceOf(request.toolChoice) }) };
  } else if (request.toolChoice !== undefined && request.toolChoice.type !== 'auto' && request.toolChoice.type !== 'none') {
    throw cannot('A tool choice without tools', 'toolChoice');
  }
  const rawEffort = typeof bedrock.outputConfigEffort === 'string' ? bedrock.outputConfigEffort : undefined;
  const reasoning = mapReasoningToConverse(settings.reasoning, options.family, rawEffort);
  const outputConfig = outputConfigOf(settings, reasoning.outputEffort);
  if (outputConfig !== undefined) converse.outputConfig = outputConfig;
  if (settings.metadata !== undefined) converse.requestMetadata = { ...settings.metadata };
  if (settings.serviceTier !== undefined) converse.serviceTier = serviceTierOf(settings.serviceTier);
  const passed = bedrock.additionalModelRequestFields;
  const modelFields = {
    ...(typeof passed === 'object' && passed !== null && !Array.isArray(passed) ? passed : {}),
    ...reasoning.modelFields,
    ...topKFields(settings.topK, options.family),
  };
  if (Object.keys(modelFields).length > 0) converse.additionalModelRequestFields = modelFields;
  for (const member of BEDROCK_ONLY_MEMBERS) {
    if (member === 'additionalModelRequestFields' || bedrock[member] === undefined) continue;
    Object.assign(converse, { [member]: bedrock[member] });
  }
  return converse;
}
