/**
 * OpenAI Responses request -> canonical request (the surface's parse). `instructions` and system/developer
 * messages become `system` parts; `function_call` items become assistant tool calls and `function_call_output`
 * items tool results in the user turn; consecutive turns of one role merge. What the canonical model cannot carry
 * (built-in tools, other item types, `text.verbosity`, ...) is listed in the `openai-responses` provider options,
 * so only a deployment that speaks the Responses API itself may serve it and every other path is a 400 naming it.
 * `previous_response_id` and `item_reference` items are resolved before this (the response store). Pure.
 */
import { asJsonObject, asJsonValue } from '../../inference/as-json-object.js';
import type { InferenceAssistantPart, InferenceToolResultContent, InferenceUserPart } from '../../inference/inference-content-parts.js';
import type { JsonObject } from '../../inference/inference-json.js';
import type { InferenceMessage } from '../../inference/inference-messages.js';
import type { InferenceRequest } from '../../inference/inference-request.js';
import type { InferenceSettings } from '../../inference/inference-settings.js';
import type { InferenceTool, InferenceToolChoice } from '../../inference/inference-tools.js';
import { GeorouteError } from '../../errors/error-catalog.js';
import type {
  ResponsesInputContentPart,
  ResponsesInputItem,
  ResponsesMessageContentPart,
  ResponsesRequest,
  ResponsesFunctionTool,
  ResponsesTool,
} from './responses-request-schema.js';
import { RESPONSES_ONLY_NAMESPACE, responsesOnlyMember } from './responses-setting-names.js';
import type { ResponsesToolNames } from './responses-tool-names.js';

const DATA_URL = /^data:([^;,]+)(?:;[^;,]+)*;base64,/;

/** Collects the Responses-only features a request uses, keyed by member name. */
class ResponsesOnly {
  readonly members: JsonObject = {};
  add(member: string, value: unknown = true): void {
    this.members[member] = asJsonValue(value);
  }
}

function mediaSource(url: string): { mediaType?: string; source: { kind: 'base64'; data: string } | { kind: 'url'; url: string } } {
  const data = DATA_URL.exec(url);
  if (data === null) return { source: { kind: 'url', url } };
  return { mediaType: (data[1] ?? '').toLowerCase(), source: { kind: 'base64', data: url.slice(data[0].length) } };
}

function contentPart(part: ResponsesMessageContentPart, only: ResponsesOnly, where: string): InferenceToolResultContent | undefined {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: part.text };
    case 'refusal':
      return { type: 'text', text: part.refusal };
    case 'input_image': {
      if (typeof part.image_url !== 'string') {
        only.add('input_image_file_id');
        return undefined;
      }
      const { mediaType, source } = mediaSource(part.image_url);
      const detail = part.detail === 'low' || part.detail === 'high' || part.detail === 'auto' ? { detail: part.detail } : {};
      return { type: 'image', mediaType: mediaType ?? 'image/*', source, ...detail };
    }
    case 'input_file': {
      const name = part.filename === undefined ? {} : { name: part.filename };
      if (typeof part.file_data === 'string') {
        const { mediaType, source } = mediaSource(part.file_data);
        const data = source.kind === 'base64' ? source : { kind: 'base64' as const, data: part.file_data };
        return { type: 'document', mediaType: mediaType ?? 'application/pdf', source: data, ...name };
      }
      if (typeof part.file_url === 'string') return { type: 'document', mediaType: 'application/pdf', source: { kind: 'url', url: part.file_url }, ...name };
      if (typeof part.file_id === 'string') {
        only.add('input_file_file_id');
        return undefined;
      }
      throw new GeorouteError('invalid_request', `${where}: an input_file needs file_data, file_url or file_id.`, { param: where });
    }
    case 'input_audio':
      only.add(responsesOnlyMember('input', 'input_audio'));
      return undefined;
  }
}

function userParts(content: string | ResponsesMessageContentPart[], only: ResponsesOnly, where: string): InferenceUserPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  const parts: InferenceUserPart[] = [];
  content.forEach((part, i) => {
    const converted = contentPart(part, only, `${where}.content[${i}]`);
    if (converted !== undefined && converted.type !== 'json') parts.push(converted);
  });
  return parts;
}

function toolResultContent(output: string | ResponsesInputContentPart[], only: ResponsesOnly, where: string): InferenceToolResultContent[] {
  if (typeof output === 'string') return [{ type: 'text', text: output }];
  const parts: InferenceToolResultContent[] = [];
  output.forEach((part, i) => {
    const converted = contentPart(part, only, `${where}.output[${i}]`);
    if (converted !== undefined) parts.push(converted);
  });
  return parts;
}

function append(messages: InferenceMessage[], message: InferenceMessage): void {
  const last = messages[messages.length - 1];
  if (last === undefined || last.role !== message.role) {
    messages.push(message);
  } else if (last.role === 'user' && message.role === 'user') {
    const merged = [...last.content, ...message.content];
    last.content = [...merged.filter((p) => p.type === 'tool-result'), ...merged.filter((p) => p.type !== 'tool-result')];
  } else if (last.role === 'assistant' && message.role === 'assistant') {
    last.content.push(...message.content);
  }
}

function reasoningPart(item: Extract<ResponsesInputItem, { type: 'reasoning' }>): InferenceAssistantPart | undefined {
  const texts = (item.content ?? []).map((c) => c.text);
  const text = (texts.length > 0 ? texts : item.summary.map((s) => s.text)).join('\n');
  const encrypted = typeof item.encrypted_content === 'string' ? item.encrypted_content : undefined;
  // Reasoning the model returned encrypted, with no text of its own, goes back as it came.
  if (text === '' && encrypted !== undefined) return { type: 'redacted-reasoning', data: encrypted };
  if (text === '') return undefined;
  return { type: 'reasoning', text, ...(encrypted === undefined ? {} : { signature: encrypted }) };
}

function convertItem(request: InferenceRequest, item: ResponsesInputItem, index: number, names: ResponsesToolNames, only: ResponsesOnly): void {
  const where = `input[${index}]`;
  if (!('type' in item) || item.type === undefined || item.type === 'message') {
    const message = item as Extract<ResponsesInputItem, { role: string }>;
    if (message.role === 'system' || message.role === 'developer') {
      for (const part of userParts(message.content, only, where)) if (part.type === 'text' && part.text !== '') request.system.push(part);
      if (typeof message.content !== 'string' && message.content.some((p) => p.type !== 'input_text')) {
        throw new GeorouteError('invalid_request', `${where}: a ${message.role} message may hold only input_text.`, { param: `${where}.content` });
      }
    } else if (message.role === 'user') {
      append(request.messages, { role: 'user', content: userParts(message.content, only, where) });
    } else {
      const texts = userParts(message.content, only, where).filter((p) => p.type === 'text');
      append(request.messages, { role: 'assistant', content: texts });
    }
    return;
  }
  switch (item.type) {
    case 'function_call':
      append(request.messages, { role: 'assistant', content: [{ type: 'tool-call', id: item.call_id, name: names.toCanonical(item.name, item.namespace), input: item.arguments }] });
      return;
    case 'function_call_output':
      append(request.messages, { role: 'user', content: [{ type: 'tool-result', toolCallId: item.call_id, content: toolResultContent(item.output, only, where) }] });
      return;
    case 'reasoning': {
      const part = reasoningPart(item);
      if (part !== undefined) append(request.messages, { role: 'assistant', content: [part] });
      return;
    }
    case 'item_reference':
      throw new GeorouteError('invalid_request', `${where}: an item_reference needs the response store, which this gateway does not keep (responses.store); send the item itself.`, { param: where });
    case 'other':
      only.add(responsesOnlyMember('input', item.itemType));
  }
}

function convertTools(tools: readonly ResponsesTool[], names: ResponsesToolNames, only: ResponsesOnly): InferenceTool[] {
  const out: InferenceTool[] = [];
  const functionTool = (tool: ResponsesFunctionTool, namespace?: string): void => {
    out.push({
      type: 'function',
      name: names.toCanonical(tool.name, namespace),
      inputSchema: asJsonObject(tool.parameters ?? { type: 'object', properties: {} }),
      ...(typeof tool.description === 'string' ? { description: tool.description } : {}),
      ...(typeof tool.strict === 'boolean' ? { strict: tool.strict } : {}),
    });
  };
  for (const tool of tools) {
    if (tool.type === 'function') functionTool(tool);
    else if (tool.type === 'namespace') {
      for (const inner of tool.tools) {
        if (inner.type === 'function') functionTool(inner, tool.name);
        else only.add(responsesOnlyMember('tool', inner.toolType));
      }
    } else only.add(responsesOnlyMember('tool', tool.toolType));
  }
  return out;
}

function convertToolChoice(choice: NonNullable<ResponsesRequest['tool_choice']>, names: ResponsesToolNames, only: ResponsesOnly): InferenceToolChoice | undefined {
  if (typeof choice === 'string') return { type: choice };
  if (choice.type === 'function') {
    const namespace = typeof choice.namespace === 'string' ? choice.namespace : undefined;
    return { type: 'tool', name: names.toCanonical(choice.name, namespace) };
  }
  only.add(responsesOnlyMember('tool_choice', choice.choiceType));
  return undefined;
}

function settingsOf(request: ResponsesRequest, only: ResponsesOnly): InferenceSettings {
  const settings: InferenceSettings = {};
  if (typeof request.max_output_tokens === 'number') settings.maxOutputTokens = request.max_output_tokens;
  if (typeof request.temperature === 'number') settings.temperature = request.temperature;
  if (typeof request.top_p === 'number') settings.topP = request.top_p;
  const wantsLogprobs = request.include?.includes('message.output_text.logprobs') === true;
  if (wantsLogprobs || (typeof request.top_logprobs === 'number' && request.top_logprobs > 0)) settings.logprobs = { topLogprobs: request.top_logprobs ?? 0 };
  // `true` is the Responses default (the model may call several tools); only `false` asks something of the upstream.
  if (request.parallel_tool_calls === false) settings.parallelToolCalls = false;
  const format = request.text?.format;
  if (format?.type === 'text') settings.responseFormat = { type: 'text' };
  else if (format?.type === 'json_object') settings.responseFormat = { type: 'json' };
  else if (format?.type === 'json_schema') {
    settings.responseFormat = {
      type: 'json-schema',
      name: format.name,
      schema: asJsonObject(format.schema),
      ...(format.description === undefined ? {} : { description: format.description }),
      ...(typeof format.strict === 'boolean' ? { strict: format.strict } : {}),
    };
  }
  if (request.text?.verbosity != null && request.text.verbosity !== 'medium') only.add('text_verbosity', request.text.verbosity);
  const effort = request.reasoning?.effort;
  if (effort === 'none') settings.reasoning = { type: 'disabled' };
  else if (effort === 'xhigh') only.add('reasoning_effort_xhigh');
  else if (effort != null) settings.reasoning = { type: 'enabled', effort };
  // `auto` is the default tier: it asks nothing of the upstream.
  if (request.service_tier != null && request.service_tier !== 'auto') settings.serviceTier = request.service_tier;
  const user = request.safety_identifier ?? request.user;
  if (typeof user === 'string' && user !== '') settings.user = user;
  if (request.metadata != null && Object.keys(request.metadata).length > 0) settings.metadata = { ...request.metadata };
  if (typeof request.max_tool_calls === 'number') only.add('max_tool_calls', request.max_tool_calls);
  if (request.truncation === 'auto') only.add('truncation', 'auto');
  for (const member of ['prompt', 'context_management', 'prompt_cache_options', 'prompt_cache_retention', 'moderation'] as const) {
    if (request[member] != null) only.add(member, request[member]);
  }
  return settings;
}

/** Members refused whatever the deployment: the gateway itself cannot do what they ask. */
function refuseGatewayFeatures(request: ResponsesRequest): void {
  if (request.background === true) {
    throw new GeorouteError('invalid_request', 'background: georoute answers every response on its own connection; background responses are not supported. Send the request without background, with stream: true for long answers.', { param: 'background' });
  }
  if (request.conversation != null) {
    throw new GeorouteError('invalid_request', 'conversation: the Conversations API is not served by this gateway; send the conversation\'s items in input.', { param: 'conversation' });
  }
}

/** A validated Responses request (see `parseResponsesRequest`), its history already resolved, as a canonical request. */
export function convertResponsesRequestToInference(request: ResponsesRequest, names: ResponsesToolNames): InferenceRequest {
  refuseGatewayFeatures(request);
  const only = new ResponsesOnly();
  const out: InferenceRequest = { system: [], messages: [], settings: settingsOf(request, only) };
  if (typeof request.instructions === 'string' && request.instructions !== '') out.system.push({ type: 'text', text: request.instructions });
  const input = request.input ?? [];
  if (typeof input === 'string') out.messages.push({ role: 'user', content: [{ type: 'text', text: input }] });
  else input.forEach((item, index) => convertItem(out, item, index, names, only));
  if (request.tools !== undefined && request.tools.length > 0) {
    const tools = convertTools(request.tools, names, only);
    if (tools.length > 0) out.tools = tools;
  }
  if (request.tool_choice !== undefined) {
    const choice = convertToolChoice(request.tool_choice, names, only);
    if (choice !== undefined) out.toolChoice = choice;
  }
  if (Object.keys(only.members).length > 0) out.providerOptions = { [RESPONSES_ONLY_NAMESPACE]: only.members };
  return out;
}
