/**
 * Converse request -> canonical request (the surface's parse). Block by block: text, image, document, toolUse,
 * toolResult, reasoningContent and cachePoint have canonical parts; Bedrock-only members (guardrails, prompt
 * variables, performance config, `additionalModelRequestFields`, ...) travel in `providerOptions.bedrock`, so a
 * provider that cannot pass them on refuses them instead of dropping them.
 */
import { asJsonObject, asJsonValue } from '../../inference/as-json-object.js';
import type { InferenceAssistantPart, InferenceDocumentPart, InferenceImagePart, InferenceMediaSource, InferenceToolResultContent, InferenceUserPart } from '../../inference/inference-content-parts.js';
import type { JsonObject } from '../../inference/inference-json.js';
import type { InferenceMessage } from '../../inference/inference-messages.js';
import type { InferenceRequest } from '../../inference/inference-request.js';
import type { InferenceReasoningEffort, InferenceSettings } from '../../inference/inference-settings.js';
import type { InferenceTool, InferenceToolChoice } from '../../inference/inference-tools.js';
import { GeorouteError } from '../../errors/error-catalog.js';
import { DOCUMENT_MEDIA_TYPES } from './converse-document-media-types.js';
import type { ConverseCachePointBlock, ConverseContentBlock, ConverseDocumentBlock, ConverseImageBlock, ConverseMediaSource, ConverseRequest, ConverseToolConfig } from './converse-types.js';

/** Members of a Converse request with no canonical equivalent; passed through in `providerOptions.bedrock`. */
export const BEDROCK_ONLY_MEMBERS = ['additionalModelRequestFields', 'additionalModelResponseFieldPaths', 'guardrailConfig', 'promptVariables', 'performanceConfig'] as const;

/** Bedrock's default latency (`performanceConfig: {latency: standard}`) asks nothing of any deployment. */
function asksNothing(member: (typeof BEDROCK_ONLY_MEMBERS)[number], value: unknown): boolean {
  if (member !== 'performanceConfig' || typeof value !== 'object' || value === null) return false;
  const entries = Object.entries(value);
  return entries.length === 0 || (entries.length === 1 && entries[0]?.[0] === 'latency' && entries[0][1] === 'standard');
}

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

function documentPart(document: ConverseDocumentBlock, location: string, uncarried: Uncarried): InferenceDocumentPart | undefined {
  if (document.context !== undefined) note(uncarried, 'document.context', `${location}.document.context`);
  if (document.citations !== undefined) note(uncarried, 'document.citations', `${location}.document.citations`);
  if (document.source.content !== undefined) {
    note(uncarried, 'document.source.content', `${location}.document.source.content`);
    return undefined;
  }
  const format = document.format;
  const mediaType = format === undefined ? 'application/octet-stream' : (DOCUMENT_MEDIA_TYPES[format] ?? `application/x-${format}`);
  const source = typeof document.source.text === 'string' ? { kind: 'text' as const, text: document.source.text } : mediaSource(document.source);
  return { type: 'document', mediaType, source, name: document.name };
}

function cachePointPart(cachePoint: ConverseCachePointBlock): { type: 'cache-point'; ttl?: string } {
  return typeof cachePoint.ttl === 'string' ? { type: 'cache-point', ttl: cachePoint.ttl } : { type: 'cache-point' };
}

/**
 * What has no canonical part (video, audio, citations, guard content, a system tool, a document given as content
 * blocks, a block in a role whose canonical message has no such part, members this gateway does not know) is
 * listed by member in `providerOptions.bedrock`, with where it is: Bedrock receives it on the native path, and any
 * other upstream refuses the request naming the member instead of dropping it (guard content is also carried as
 * its text, for an operator who allows dropping the guard).
 */
type Uncarried = Map<string, string[]>;

/** The block members each place has a canonical part for; any other member there is uncarried. */
const USER_MEMBERS: ReadonlySet<string> = new Set(['text', 'image', 'document', 'toolResult', 'cachePoint']);
const ASSISTANT_MEMBERS: ReadonlySet<string> = new Set(['text', 'toolUse', 'reasoningContent', 'cachePoint']);
const SYSTEM_MEMBERS: ReadonlySet<string> = new Set(['text', 'cachePoint']);
const TOOL_RESULT_MEMBERS: ReadonlySet<string> = new Set(['text', 'image', 'document', 'json']);
const TOOL_MEMBERS: ReadonlySet<string> = new Set(['toolSpec', 'cachePoint']);

function note(uncarried: Uncarried, member: string, location: string): void {
  uncarried.set(member, [...(uncarried.get(member) ?? []), location]);
}

function noteUncarried(block: Record<string, unknown>, carried: ReadonlySet<string>, location: string, uncarried: Uncarried): void {
  for (const member of Object.keys(block)) if (!carried.has(member) && block[member] !== undefined) note(uncarried, member, location);
}

function toolResultContent(result: NonNullable<ConverseContentBlock['toolResult']>, location: string, uncarried: Uncarried): InferenceToolResultContent[] {
  const content: InferenceToolResultContent[] = [];
  if (result.type !== undefined) note(uncarried, 'toolResult.type', `${location}.toolResult.type`);
  result.content.forEach((item, k) => {
    const where = `${location}.toolResult.content[${k}]`;
    noteUncarried(item, TOOL_RESULT_MEMBERS, where, uncarried);
    if (item.image !== undefined) content.push(imagePart(item.image));
    else if (item.document !== undefined) {
      const document = documentPart(item.document, where, uncarried);
      if (document !== undefined) content.push(document);
    } else if (item.json !== undefined) content.push({ type: 'json', value: asJsonValue(item.json) });
    else if (item.text !== undefined) content.push({ type: 'text', text: item.text });
  });
  return content;
}

function userParts(blocks: readonly ConverseContentBlock[], location: string, uncarried: Uncarried): InferenceUserPart[] {
  const parts: InferenceUserPart[] = [];
  blocks.forEach((block, j) => {
    noteUncarried(block, USER_MEMBERS, `${location}[${j}]`, uncarried);
    const text = block.text ?? block.guardContent?.text?.text;
    if (text !== undefined) parts.push({ type: 'text', text });
    else if (block.image !== undefined) parts.push(imagePart(block.image));
    else if (block.document !== undefined) {
      const document = documentPart(block.document, `${location}[${j}]`, uncarried);
      if (document !== undefined) parts.push(document);
    } else if (block.cachePoint !== undefined) parts.push(cachePointPart(block.cachePoint));
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
    noteUncarried(block, ASSISTANT_MEMBERS, `${location}[${j}]`, uncarried);
    if (block.toolUse?.type !== undefined) note(uncarried, 'toolUse.type', `${location}[${j}].toolUse.type`);
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

function toolsOf(config: ConverseToolConfig, uncarried: Uncarried): { tools: InferenceTool[]; toolChoice?: InferenceToolChoice } {
  const tools = config.tools.flatMap((tool, k): InferenceTool[] => {
    noteUncarried(tool, TOOL_MEMBERS, `toolConfig.tools[${k}]`, uncarried);
    if (tool.toolSpec === undefined) return tool.cachePoint === undefined ? [] : [cachePointPart(tool.cachePoint)];
    const { name, description, inputSchema, strict } = tool.toolSpec;
    return [{
      type: 'function',
      name,
      inputSchema: asJsonObject(inputSchema.json),
      ...(description === undefined ? {} : { description }),
      ...(typeof strict === 'boolean' ? { strict } : {}),
    }];
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
  for (const member of BEDROCK_ONLY_MEMBERS) if (request[member] !== undefined && !asksNothing(member, request[member])) options[member] = request[member];
  if (request.outputConfig?.effort !== undefined && !EFFORTS.has(request.outputConfig.effort)) options.outputConfigEffort = request.outputConfig.effort;
  return Object.keys(options).length === 0 ? undefined : asJsonObject(options);
}

/** A validated Converse request (see `parseConverseRequest`) as a canonical request; the model id is in the path. */
export function convertConverseRequestToInference(converse: ConverseRequest): InferenceRequest {
  const uncarried: Uncarried = new Map();
  const request: InferenceRequest = {
    system: [],
    messages: converse.messages.flatMap((m, i): InferenceMessage[] => {
      const location = `messages[${i}].content`;
      if (m.role === 'user') return [{ role: 'user', content: userParts(m.content, location, uncarried) }];
      if (m.role === 'assistant') return [{ role: 'assistant', content: assistantParts(m.content, location, uncarried) }];
      // A system-role message changes Bedrock's tool set (toolAddition / toolRemoval): no canonical message says it.
      note(uncarried, 'role', `messages[${i}].role`);
      return [];
    }),
    settings: settingsOf(converse),
  };
  for (const [j, block] of (converse.system ?? []).entries()) {
    noteUncarried(block, SYSTEM_MEMBERS, `system[${j}]`, uncarried);
    const text = block.text ?? block.guardContent?.text?.text;
    if (text !== undefined) request.system.push({ type: 'text', text });
    else if (block.cachePoint !== undefined) request.system.push(cachePointPart(block.cachePoint));
  }
  if (converse.toolConfig !== undefined) {
    const { tools, toolChoice } = toolsOf(converse.toolConfig, uncarried);
    request.tools = tools;
    if (toolChoice !== undefined) request.toolChoice = toolChoice;
  }
  const bedrock = bedrockOptions(converse, uncarried);
  if (bedrock !== undefined) request.providerOptions = { bedrock };
  return request;
}
