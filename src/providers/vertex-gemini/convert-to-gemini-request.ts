/**
 * A canonical request as a Gemini `generateContent` body: contents and system instruction
 * (convert-to-gemini-contents.ts), tools as `functionDeclarations`, tool choice as `toolConfig`, settings as
 * `generationConfig` (structured output as `responseMimeType` + `responseSchema`, reasoning as `thinkingConfig`),
 * metadata as Vertex `labels`. Pure.
 */
import type { JsonObject, JsonValue } from '../../inference/inference-json.js';
import type { InferenceRequest } from '../../inference/inference-request.js';
import type { InferenceReasoning, InferenceResponseFormat } from '../../inference/inference-settings.js';
import type { InferenceTool, InferenceToolChoice } from '../../inference/inference-tools.js';
import { convertToGeminiContents } from './convert-to-gemini-contents.js';

/** JSON Schema keywords Gemini's OpenAPI-subset `responseSchema` does not take. */
const UNSUPPORTED_SCHEMA_KEYS = new Set(['$schema', '$id', 'additionalProperties', 'strict', '$defs', 'definitions']);

export function toGeminiSchema(schema: JsonValue): JsonValue {
  if (Array.isArray(schema)) return schema.map(toGeminiSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) if (!UNSUPPORTED_SCHEMA_KEYS.has(key)) out[key] = toGeminiSchema(value);
  return out;
}

function tools(list: readonly InferenceTool[]): JsonObject[] {
  const declarations = list.flatMap((tool): JsonObject[] => tool.type !== 'function' ? [] : [{
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    parameters: toGeminiSchema(tool.inputSchema),
  }]);
  return declarations.length === 0 ? [] : [{ functionDeclarations: declarations }];
}

function toolConfig(choice: InferenceToolChoice): JsonObject {
  switch (choice.type) {
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } };
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } };
    case 'required':
      return { functionCallingConfig: { mode: 'ANY' } };
    case 'tool':
      return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
  }
}

function responseFormat(format: InferenceResponseFormat): JsonObject {
  if (format.type === 'text') return { responseMimeType: 'text/plain' };
  if (format.type === 'json') return { responseMimeType: 'application/json' };
  return { responseMimeType: 'application/json', responseSchema: toGeminiSchema(format.schema) };
}

/** An effort as a thinking budget (Gemini 2.5 takes a budget). */
const EFFORT_BUDGET = { minimal: 128, low: 1024, medium: 8192, high: 24576 } as const;

function thinkingConfig(reasoning: InferenceReasoning): JsonObject {
  if (reasoning.type === 'disabled') return { thinkingBudget: 0 };
  const budget = reasoning.budgetTokens ?? (reasoning.effort === undefined ? -1 : EFFORT_BUDGET[reasoning.effort]);
  return { thinkingBudget: budget, includeThoughts: true };
}

export function convertToGeminiRequest(request: InferenceRequest): JsonObject {
  const s = request.settings;
  const body: JsonObject = { ...convertToGeminiContents(request.system, request.messages) };
  const declared = request.tools === undefined ? [] : tools(request.tools);
  if (declared.length > 0) {
    body.tools = declared;
    if (request.toolChoice !== undefined) body.toolConfig = toolConfig(request.toolChoice);
  }
  const config: JsonObject = {};
  if (s.maxOutputTokens !== undefined) config.maxOutputTokens = s.maxOutputTokens;
  if (s.temperature !== undefined) config.temperature = s.temperature;
  if (s.topP !== undefined) config.topP = s.topP;
  if (s.topK !== undefined) config.topK = s.topK;
  if (s.stopSequences !== undefined) config.stopSequences = s.stopSequences;
  if (s.seed !== undefined) config.seed = s.seed;
  if (s.choiceCount !== undefined) config.candidateCount = s.choiceCount;
  if (s.responseFormat !== undefined) Object.assign(config, responseFormat(s.responseFormat));
  if (s.reasoning !== undefined) config.thinkingConfig = thinkingConfig(s.reasoning);
  if (Object.keys(config).length > 0) body.generationConfig = config;
  if (s.metadata !== undefined) body.labels = s.metadata;
  return body;
}
