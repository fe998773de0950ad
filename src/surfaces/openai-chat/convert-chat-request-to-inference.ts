/**
 * OpenAI chat completions request -> canonical request (the surface's parse). System and developer messages become
 * `system` parts wherever they appear; `tool` messages become tool results in the user turn; consecutive turns of
 * one role merge. Every setting the request sets is carried, so none can be dropped silently downstream: a
 * top-level member with no canonical setting (`presence_penalty`, `logit_bias`, `verbosity`, `store`,
 * `prompt_cache_key`, ...) travels in `providerOptions.openai`, which an OpenAI-compatible upstream gets back as it
 * came and any other provider refuses by name; so does an effort above `high` (`xhigh`, `max`, read as `high`).
 * A member set to null, or to its documented default (`presence_penalty: 0`, `store: false`, ...), asks nothing.
 * A `file` part with its bytes is a document; a part's `prompt_cache_breakpoint` a cache point after it; what has no
 * canonical part (a message's `name` too) is listed in `providerOptions.openaiContent`.
 */
import { asJsonObject } from '../../inference/as-json-object.js';
import type { InferenceAssistantPart, InferenceCachePointPart, InferenceSystemPart, InferenceUserPart } from '../../inference/inference-content-parts.js';
import type { InferenceMessage } from '../../inference/inference-messages.js';
import type { InferenceRequest } from '../../inference/inference-request.js';
import type { JsonObject } from '../../inference/inference-json.js';
import type { InferenceProviderOptions, InferenceReasoningEffort, InferenceResponseFormat, InferenceSettings } from '../../inference/inference-settings.js';
import type { InferenceTool, InferenceToolChoice } from '../../inference/inference-tools.js';
import type { ChatAssistantMessage, ChatFilePart, ChatRequest, ChatResponseFormat, ChatTextPart, ChatTool, ChatToolChoice, ChatUserContentPart } from './openai-chat-types.js';

const DATA_URL = /^data:([^;,]+)(?:;[^;,]+)*;base64,/;

/** Top-level members read into canonical ones (or by the surface itself: `stream`, `stream_options`). */
const CANONICAL_MEMBERS: ReadonlySet<string> = new Set([
  'model', 'messages', 'tools', 'tool_choice', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'stop', 'stream',
  'stream_options', 'n', 'user', 'metadata', 'response_format', 'seed', 'logprobs', 'top_logprobs', 'parallel_tool_calls',
  'reasoning_effort', 'service_tier',
]);

const CANONICAL_EFFORTS: ReadonlySet<string> = new Set(['minimal', 'low', 'medium', 'high']);

/** Members whose value asks nothing of the upstream: OpenAI's documented defaults. */
function isDefault(member: string, value: unknown): boolean {
  switch (member) {
    case 'frequency_penalty':
    case 'presence_penalty':
      return value === 0;
    case 'store':
      return value === false;
    case 'logit_bias':
      return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
    case 'modalities':
      return Array.isArray(value) && value.length === 1 && value[0] === 'text';
    default:
      return false;
  }
}

/** The members with no canonical setting, as they came; the raw effort when it has no canonical word. */
function openAiOnlyMembers(chat: ChatRequest): JsonObject | undefined {
  const members: Record<string, unknown> = {};
  for (const [member, value] of Object.entries(chat)) {
    if (CANONICAL_MEMBERS.has(member) || value === undefined || value === null || isDefault(member, value)) continue;
    members[member] = value;
  }
  const effort = chat.reasoning_effort;
  if (typeof effort === 'string' && effort !== 'none' && !CANONICAL_EFFORTS.has(effort)) members.reasoning_effort = effort;
  return Object.keys(members).length === 0 ? undefined : asJsonObject(members);
}

function texts(content: string | ChatTextPart[]): string[] {
  return typeof content === 'string' ? [content] : content.map((part) => part.text);
}

/**
 * The cache point a part (or a message with string content) asks for after it: OpenAI's `prompt_cache_breakpoint`
 * (its TTL is the request's `prompt_cache_options`), or the `cache_control: {type: ephemeral, ttl?}` that clients
 * written for Anthropic-backed gateways put on OpenAI chat parts and messages (LiteLLM's and OpenRouter's
 * convention), with its TTL. Neither is dropped: Anthropic and Converse write a cache point.
 */
function cachePointAfter(part: { prompt_cache_breakpoint?: unknown; cache_control?: unknown }): InferenceCachePointPart[] {
  const control = part.cache_control;
  if (typeof control === 'object' && control !== null) {
    const ttl = (control as { ttl?: unknown }).ttl;
    return [{ type: 'cache-point', ...(typeof ttl === 'string' ? { ttl } : {}) }];
  }
  return part.prompt_cache_breakpoint !== undefined && part.prompt_cache_breakpoint !== null ? [{ type: 'cache-point' }] : [];
}

/** A message's own cache point: only where its content is a string (parts say it per part). */
function messageCachePoint(message: { content?: unknown; cache_control?: unknown }): InferenceCachePointPart[] {
  return typeof message.content === 'string' ? cachePointAfter({ cache_control: message.cache_control }) : [];
}

/** System or developer text as system parts, each breakpoint a cache point. */
function systemParts(content: string | ChatTextPart[]): InferenceSystemPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content.flatMap((part): InferenceSystemPart[] => [...(part.text === '' ? [] : [{ type: 'text' as const, text: part.text }]), ...cachePointAfter(part)]);
}

/**
 * What has no canonical part (audio input, a file by its Files API id, a custom tool or its call, a tool choice
 * other than a function, the deprecated function messages), by name with where it is, for
 * `providerOptions.openaiContent`: an OpenAI-compatible upstream gets it on the native path, and any converted path
 * refuses the request naming it.
 */
type Uncarried = Map<string, string[]>;

function note(uncarried: Uncarried, name: string, location: string): void {
  uncarried.set(name, [...(uncarried.get(name) ?? []), location]);
}

/** A file part's bytes as a document: a data URL gives its media type; bare base64 is a PDF, as OpenAI reads it. */
function filePart(part: ChatFilePart, location: string, uncarried: Uncarried): InferenceUserPart | undefined {
  const { file_data: bytes, filename } = part.file;
  if (bytes === undefined) {
    note(uncarried, 'file_id', `${location}.file.file_id`);
    return undefined;
  }
  const data = DATA_URL.exec(bytes);
  const name = filename === undefined ? {} : { name: filename };
  if (data === null) return { type: 'document', mediaType: 'application/pdf', source: { kind: 'base64', data: bytes }, ...name };
  return { type: 'document', mediaType: (data[1] ?? '').toLowerCase(), source: { kind: 'base64', data: bytes.slice(data[0].length) }, ...name };
}

function userParts(content: string | ChatUserContentPart[], location: string, uncarried: Uncarried): InferenceUserPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.flatMap((part, k): InferenceUserPart[] => {
    return [...userPart(part, `${location}[${k}]`, uncarried), ...cachePointAfter(part)];
  });
}

function userPart(part: ChatUserContentPart, location: string, uncarried: Uncarried): InferenceUserPart[] {
  if (part.type === 'text') return [{ type: 'text', text: part.text }];
  if (part.type === 'file') {
    const document = filePart(part, location, uncarried);
    return document === undefined ? [] : [document];
  }
  if (part.type === 'input_audio') {
    note(uncarried, 'input_audio', location);
    return [];
  }
  const url = part.image_url.url;
  const data = DATA_URL.exec(url);
  const detail = part.image_url.detail === undefined ? {} : { detail: part.image_url.detail };
  if (data === null) return [{ type: 'image', mediaType: 'image/*', source: { kind: 'url', url }, ...detail }];
  return [{ type: 'image', mediaType: (data[1] ?? '').toLowerCase(), source: { kind: 'base64', data: url.slice(data[0].length) }, ...detail }];
}

function assistantParts(message: ChatAssistantMessage, location: string, uncarried: Uncarried): InferenceAssistantPart[] {
  const parts: InferenceAssistantPart[] = [];
  const content = message.content;
  if (typeof content === 'string') {
    if (content !== '') parts.push({ type: 'text', text: content }, ...messageCachePoint(message));
  } else if (Array.isArray(content)) {
    for (const part of content) {
      parts.push({ type: 'text', text: part.type === 'text' ? part.text : part.refusal });
      if (part.type === 'text') parts.push(...cachePointAfter(part));
    }
  }
  if (parts.length === 0 && typeof message.refusal === 'string' && message.refusal !== '') parts.push({ type: 'text', text: message.refusal });
  (message.tool_calls ?? []).forEach((call, k) => {
    if (call.type === 'function') parts.push({ type: 'tool-call', id: call.id, name: call.function.name, input: call.function.arguments });
    else note(uncarried, 'custom', `${location}.tool_calls[${k}]`);
  });
  const other = message as unknown as Record<string, unknown>;
  if (other.function_call !== undefined && other.function_call !== null) note(uncarried, 'function_call', `${location}.function_call`);
  if (other.audio !== undefined && other.audio !== null) note(uncarried, 'audio', `${location}.audio`);
  return parts;
}

function append(messages: InferenceMessage[], message: InferenceMessage): void {
  const last = messages[messages.length - 1];
  if (last === undefined || last.role !== message.role) {
    messages.push(message);
    return;
  }
  if (last.role === 'user' && message.role === 'user') {
    const merged = [...last.content, ...message.content];
    last.content = [...merged.filter((p) => p.type === 'tool-result'), ...merged.filter((p) => p.type !== 'tool-result')];
  } else if (last.role === 'assistant' && message.role === 'assistant') {
    last.content.push(...message.content);
  }
}

function toolChoiceOf(choice: ChatToolChoice, uncarried: Uncarried): InferenceToolChoice | undefined {
  if (choice === 'none') return { type: 'none' };
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'required') return { type: 'required' };
  if (choice.type === 'function') return { type: 'tool', name: choice.function.name };
  note(uncarried, choice.type, 'tool_choice');
  return undefined;
}

function responseFormatOf(format: ChatResponseFormat): InferenceResponseFormat | undefined {
  if (format.type === 'text') return { type: 'text' };
  if (format.type === 'json_object') return { type: 'json' };
  if (format.type !== 'json_schema' || format.json_schema === undefined) return undefined;
  const { name, description, schema, strict } = format.json_schema;
  return {
    type: 'json-schema',
    name,
    schema: asJsonObject(schema ?? {}),
    ...(description === undefined ? {} : { description }),
    ...(typeof strict === 'boolean' ? { strict } : {}),
  };
}

function settingsOf(chat: ChatRequest): InferenceSettings {
  const settings: InferenceSettings = {};
  const maxTokens = chat.max_completion_tokens ?? chat.max_tokens;
  if (typeof maxTokens === 'number') settings.maxOutputTokens = maxTokens;
  if (typeof chat.temperature === 'number') settings.temperature = chat.temperature;
  if (typeof chat.top_p === 'number') settings.topP = chat.top_p;
  if (typeof chat.stop === 'string') settings.stopSequences = [chat.stop];
  else if (Array.isArray(chat.stop) && chat.stop.length > 0) settings.stopSequences = [...chat.stop];
  if (typeof chat.seed === 'number') settings.seed = chat.seed;
  if (typeof chat.n === 'number' && chat.n > 1) settings.choiceCount = chat.n;
  if (chat.logprobs === true) settings.logprobs = { topLogprobs: chat.top_logprobs ?? 0 };
  if (typeof chat.parallel_tool_calls === 'boolean') settings.parallelToolCalls = chat.parallel_tool_calls;
  const responseFormat = chat.response_format ? responseFormatOf(chat.response_format) : undefined;
  if (responseFormat !== undefined) settings.responseFormat = responseFormat;
  const effort = chat.reasoning_effort;
  if (effort) settings.reasoning = effort === 'none' ? { type: 'disabled' } : { type: 'enabled', effort: CANONICAL_EFFORTS.has(effort) ? (effort as InferenceReasoningEffort) : 'high' };
  if (typeof chat.service_tier === 'string') settings.serviceTier = chat.service_tier;
  if (typeof chat.user === 'string') settings.user = chat.user;
  if (chat.metadata) settings.metadata = { ...chat.metadata };
  return settings;
}

function toolsOf(tools: readonly ChatTool[], uncarried: Uncarried): InferenceTool[] {
  return tools.flatMap((tool, k): InferenceTool[] => {
    if (tool.type === 'custom') {
      note(uncarried, 'custom', `tools[${k}]`);
      return [];
    }
    return [{
      type: 'function',
      name: tool.function.name,
      inputSchema: asJsonObject(tool.function.parameters ?? { type: 'object', properties: {} }),
      ...(tool.function.description === undefined ? {} : { description: tool.function.description }),
      ...(typeof tool.function.strict === 'boolean' ? { strict: tool.function.strict } : {}),
    }];
  });
}

/** A validated chat request (see `parseChatRequest`) as a canonical request; the model id travels separately. */
export function convertChatRequestToInference(chat: ChatRequest): InferenceRequest {
  const uncarried: Uncarried = new Map();
  const request: InferenceRequest = { system: [], messages: [], settings: settingsOf(chat) };
  chat.messages.forEach((message, i) => {
    const location = `messages[${i}]`;
    // A participant's name has no canonical place, so the model would not see it. (A tool message's name, as
    // LangChain sends it, is the called tool's: the call id already says which.)
    if ((message.role === 'system' || message.role === 'developer' || message.role === 'user' || message.role === 'assistant') && typeof message.name === 'string') {
      note(uncarried, 'name', `${location}.name`);
    }
    switch (message.role) {
      case 'system':
      case 'developer':
        request.system.push(...systemParts(message.content), ...messageCachePoint(message));
        break;
      case 'user':
        append(request.messages, { role: 'user', content: [...userParts(message.content, `${location}.content`, uncarried), ...messageCachePoint(message)] });
        break;
      case 'assistant':
        append(request.messages, { role: 'assistant', content: assistantParts(message, location, uncarried) });
        break;
      case 'tool':
        append(request.messages, {
          role: 'user',
          content: [
            { type: 'tool-result', toolCallId: message.tool_call_id, content: texts(message.content).map((text) => ({ type: 'text', text })) },
            ...(typeof message.content === 'string' ? messageCachePoint(message) : message.content.flatMap(cachePointAfter).slice(0, 1)),
          ],
        });
        break;
      case 'function':
        note(uncarried, 'function', `${location}.role`);
        break;
    }
  });
  if (chat.tools !== undefined && chat.tools.length > 0) {
    const tools = toolsOf(chat.tools, uncarried);
    if (tools.length > 0) request.tools = tools;
  }
  const toolChoice = chat.tool_choice === undefined ? undefined : toolChoiceOf(chat.tool_choice, uncarried);
  if (toolChoice !== undefined) request.toolChoice = toolChoice;
  const openai = openAiOnlyMembers(chat);
  const options: InferenceProviderOptions = {};
  if (openai !== undefined) options.openai = openai;
  if (uncarried.size > 0) options.openaiContent = Object.fromEntries(uncarried);
  if (Object.keys(options).length > 0) request.providerOptions = options;
  return request;
}
