/**
 * OpenAI chat completions request -> canonical request (the surface's parse). System and developer messages become
 * `system` parts wherever they appear; `tool` messages become tool results in the user turn; consecutive turns of
 * one role merge. Every setting the request sets is carried, so none can be dropped silently downstream: a
 * top-level member with no canonical setting (`presence_penalty`, `logit_bias`, `verbosity`, `store`,
 * `prompt_cache_key`, ...) travels in `providerOptions.openai`, which an OpenAI-compatible upstream gets back as it
 * came and any other provider refuses by name; so does an effort above `high` (`xhigh`, `max`, read as `high`).
 * A member set to null, or to its documented default (`presence_penalty: 0`, `store: false`, ...), asks nothing.
 * A `file` part with its bytes is a document; a `prompt_cache_breakpoint` or `cache_control` a cache point after it; what has no
 * canonical part (a message's `name` too) is listed in `providerOptions.openaiContent`.
 */
import { asJsonObject } from '../../inference/as-json-object.js';
import type { InferenceMessage } from '../../inference/inference-messages.js';
import type { InferenceRequest } from '../../inference/inference-request.js';
import type { JsonObject } from '../../inference/inference-json.js';
import type { InferenceProviderOptions, InferenceReasoningEffort, InferenceResponseFormat, InferenceSettings } from '../../inference/inference-settings.js';
import type { InferenceTool, InferenceToolChoice } from '../../inference/inference-tools.js';
import type { ChatRequest, ChatResponseFormat, ChatTool, ChatToolChoice } from './openai-chat-types.js';
import { assistantParts, cachePointAfter, messageCachePoint, note, systemParts, texts, userParts, type Uncarried } from './convert-chat-content-parts.js';

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
