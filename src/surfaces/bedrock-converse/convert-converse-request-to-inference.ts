/**
 * Converse request -> canonical request (the surface's parse). Block by block: text, image, document, toolUse,
 * toolResult, reasoningContent and cachePoint have canonical parts; Bedrock-only members (guardrails, prompt
 * variables, performance config, `additionalModelRequestFields`, ...) travel in `providerOptions.bedrock`, so a
 * provider that cannot pass them on refuses them instead of dropping them.
 */
import { asJsonObject, asJsonValue } from '../../inference/as-json-object.js';
import type { InferenceAssistantPart, InferenceDocumentPart, InferenceImagePart, InferenceMediaSource, InferenceToolResultContent, InferenceUserPart } from '../../inference/inference-content-parts.js';
import type { JsonObject } from '../../inference/inference-json.js';
import type { InferenceRequest } from '../../inference/inference-request.js';
import type { InferenceReasoningEffort, InferenceSettings } from '../../inference/inference-settings.js';
import type { InferenceTool, InferenceToolChoice } from '../../inference/inference-tools.js';
import { GeorouteError } from '../../errors/error-catalog.js';
import { DOCUMENT_MEDIA_TYPES } from './converse-document-media-types.js';
import type { ConverseCachePointBlock, ConverseContentBlock, ConverseDocumentBlock, ConverseImageBlock, ConverseMediaSource, ConverseRequest, ConverseToolConfig } from './converse-types.js';

/** Members of a Converse request with no canonical equivalent; passed through in `providerOptions.bedrock`. */
export const BEDROCK_ONLY_MEMBERS = ['additionalModelRequestFields', 'additionalModelResponseFieldPaths', 'guardrailConfig', 'promptVariables', 'performanceConfig'] as const;

const EFFORTS: ReadonlySet<string> = new Set<InferenceReasoningEffort>(['minimal', 'low', 'medium', 'high']);

function mediaSource(source: ConverseMediaSource): InferenceMediaSource {
  if (source.s3Location !== undefined) {
    return { kind: 's3', uri: source.s3Location.uri, ...(source.s3Location.bucketOwner === undefined ? {} : { bucketOwner: source.s3Location.bucketOwner }) };
  }
  return { kind: 'base64', data: source.bytes ?? '' };
}

function imagePart(image: ConverseImageBlock): InferenceImagePart {
  return { type: 'image', mediaType: `image/${image.format}`, source: mediaSource(image.source) };
}

function documentPart(document: ConverseDocumentBlock): InferenceDocumentPart {
  const format = document.format;
  const mediaType = format === undefined ? 'application/octet-stream' : (DOCUMENT_MEDIA_TYPES[format] ?? `application/x-${format}`);
  const source = typeof document.source.text === 'string' ? { kind: 'text' as const, text: document.source.text } : mediaSource(document.source);
  return { type: 'document', mediaType, source, name: document.name };
}

function cachePointPart(cachePoint: ConverseCachePointBlock): { type: 'cache-point'; ttl?: string } {
  return typeof cachePoint.ttl === 'string' ? { type: 'cache-point', ttl: cachePoint.ttl } : { type: 'cache-point' };
}

/**
 * Blocks with no canonical part (video, audio, citations, guard content, members this gateway does not know) are
 * listed by member in `providerOptions.bedrock`, with where they are: Bedrock receives them on the native path,
 * and any other upstream refuses the request naming the member instead of dropping it (guard content is also
 * carried as its text, for an operator who allows dropping the guard).
 */
type Uncarried = Map<string, string[]>;

const CARRIED_MEMBERS = new Set(['text', 'image', 'document', 'toolUse', 'toolResult', 'reasoningContent', 'cachePoint']);

function noteUncarried(block: Record<string, unknown>, location: string, uncarried: Uncarried): void {
  for (const member of Object.keys(block)) {
    if (CARRIED_MEMBERS.has(member) || block[member] === undefined) continue;
    uncarried.set(member, [...(uncarried.get(member) ?? []), location]);
  }
}

function toolResultContent(result: NonNullable<ConverseContentBlock['toolResult']>, location: string, uncarried: Uncarried): InferenceToolResultContent[] {
  const content: InferenceToolResultContent[] = [];
  result.content.forEach((item, k) => {
    if (item.image !== undefined) content.push(imagePart(item.image));
    else if (item.document !== undefined) content.push(documentPart(item.document));
    else if (item.json !== undefined) content.push({ type: 'json', value: asJsonValue(item.json) });
    else if (item.text !== undefined) content.push({ type: 'text', text: item.text });
    else noteUncarried(item, `${location}.toolResult.content[${k}]`, uncarried);
  });
  return content;
}

function userParts(blocks: readonly ConverseContentBlock[], location: string, uncarried: Uncarried): InferenceUserPart[] {
  const parts: InferenceUserPart[] = [];
  blocks.forEach((block, j) => {
    noteUncarried(block, `${location}[${j}]`, uncarried);
    const text = block.text ?? block.guardContent?.text?.text;
    if (text !== undefined) parts.push({ type: 'text', text });
    else if (block.image !== undefined) parts.push(imagePart(block.image));
    else if (block.document !== undefined) parts.push(documentPart(block.document));
    else if (block.cachePoint !== undefined) parts.push(cachePointPart(block.cachePoint));
    else if (block.toolResult !== undefined) {
      const result = block.toolResult;
      const content = toolResultContent(result, `${location}[${j}]`, uncarried);
      parts.push({ type: 'tool-result', toolCallId: result.toolUseId, content, ...(result.status === 'error' ? { isError: true } : {}) });
    }
  });
  return parts;
}

function assistantParts(blocks: readonly ConverseContentBlock[], location: string, uncarried: Uncarried): InferenceAssistantPart[] {
  const parts: InferenceAssistantPart[] = [];
  for (const [j, block] of blocks.entries()) {
    noteUncarried(block, `${location}[${j}]`, uncarried);
    const text = block.text ?? block.guardContent?.text?.text;
    if (text !== undefined) parts.push({ type: 'text', text });
    else if (block.toolUse !== undefined) parts.push({ type: 'tool-call', id: block.toolUse.toolUseId, name: block.toolUse.name, input: JSON.stringify(block.toolUse.input ?? {}) });
    else if (block.reasoningContent?.reasoningText !== undefined) {
      const { text: reasoning, signature } = block.reasoningContent.reasoningText;
      parts.push({ type: 'reasoning', text: reasoning, ...(signature === undefined ? {} : { signature }) });
    } else if (typeof block.reasoningContent?.redactedContent === 'string') parts.push({ type: 'redacted-reasoning', data: block.reasoningContent.redactedContent });
    else if (block.cachePoint !== undefined) parts.push(cachePointPart(block.cachePoint));
  }
  return parts;
}

function toolsOf(config: ConverseToolConfig): { tools: InferenceTool[]; toolChoice?: InferenceToolChoice } {
  const tools = config.tools.map((tool): InferenceTool => {
    if (tool.toolSpec === undefined) return tool.cachePoint === undefined ? { type: 'cache-point' } : cachePointPart(tool.cachePoint);
    const { name, description, inputSchema } = tool.toolSpec;
    return { type: 'function', name, inputSchema: asJsonObject(inputSchema.json), ...(description === undefined ? {} : { description }) };
  });
  const choice = config.toolChoice;
  if (choice?.tool !== undefined) return { tools, toolChoice: { type: 'tool', name: choice.tool.name } };
  if (choice?.any !== undefined) return { tools, toolChoice: { type: 'required' } };
  if (choice?.auto !== undefined) return { tools, toolChoice: { type: 'auto' } };
  return { tools };
}

function settingsOf(request: ConverseRequest): InferenceSettings {
  const settings: InferenceSettings = {};
  const config = request.inferenceConfig;
  if (config?.maxTokens !== undefined) settings.maxOutputTokens = config.maxTokens;
  if (config?.temperature !== undefined) settings.temperature = config.temperature;
  if (config?.topP !== undefined) settings.topP = config.topP;
  if (config?.stopSequences !== undefined && config.stopSequences.length > 0) settings.stopSequences = [...config.stopSequences];
  if (request.requestMetadata !== undefined) settings.metadata = { ...request.requestMetadata };
  if (request.serviceTier?.type !== undefined) settings.serviceTier = request.serviceTier.type;
  const output = request.outputConfig;
  const jsonSchema = output?.textFormat?.structure?.jsonSchema;
  if (jsonSchema !== undefined) {
    let schema: unknown;
    try {
      schema = JSON.parse(jsonSchema.schema);
    } catch {
      schema = undefined;
    }
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
      throw new GeorouteError('invalid_request', 'The JSON schema must be a JSON object in a string.', { param: 'outputConfig.textFormat.structure.jsonSchema.schema' });
    }
    settings.responseFormat = {
      type: 'json-schema',
      name: jsonSchema.name ?? 'response',
      schema: asJsonObject(schema as Record<string, unknown>),
      ...(jsonSchema.description === undefined ? {} : { description: jsonSchema.description }),
    };
  }
  if (output?.effort !== undefined) {
    // Efforts above `high` (`xhigh`, `max`) have no canonical word: they are `high`, and the raw word stays in
    // providerOptions so a Bedrock upstream still receives it.
    settings.reasoning = { type: 'enabled', effort: EFFORTS.has(output.effort) ? (output.effort as InferenceReasoningEffort) : 'high' };
  }
  return settings;
}

function bedrockOptions(request: ConverseRequest, uncarried: Uncarried): JsonObject | undefined {
  const options: Record<string, unknown> = Object.fromEntries(uncarried);
  for (const member of BEDROCK_ONLY_MEMBERS) if (request[member] !== undefined) options[member] = request[member];
  if (request.outputConfig?.effort !== undefined && !EFFORTS.has(request.outputConfig.effort)) options.outputConfigEffort = request.outputConfig.effort;
  return Object.keys(options).length === 0 ? undefined : asJsonObject(options);
}

/** A validated Converse request (see `parseConverseRequest`) as a canonical request; the model id is in the path. */
export function convertConverseRequestToInference(converse: ConverseRequest): InferenceRequest {
  const uncarried: Uncarried = new Map();
  const request: InferenceRequest = {
    system: [],
    messages: converse.messages.map((m, i) =>
      m.role === 'user'
        ? { role: 'user', content: userParts(m.content, `messages[${i}].content`, uncarried) }
        : { role: 'assistant', content: assistantParts(m.content, `messages[${i}].content`, uncarried) },
    ),
    settings: settingsOf(converse),
  };
  for (const [j, block] of (converse.system ?? []).entries()) {
    noteUncarried(block, `system[${j}]`, uncarried);
    const text = block.text ?? block.guardContent?.text?.text;
    if (text !== undefined) request.system.push({ type: 'text', text });
    else if (block.cachePoint !== undefined) request.system.push(cachePointPart(block.cachePoint));
  }
  if (converse.toolConfig !== undefined) {
    const { tools, toolChoice } = toolsOf(converse.toolConfig);
    request.tools = tools;
    if (toolChoice !== undefined) request.toolChoice = toolChoice;
  }
  const bedrock = bedrockOptions(converse, uncarried);
  if (bedrock !== undefined) request.providerOptions = { bedrock };
  return request;
}
