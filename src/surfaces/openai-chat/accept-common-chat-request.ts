/**
 * A compiled check for the chat requests most clients send (issue 14: zod on every request was about 5% of the
 * gateway's CPU). It answers one question: does the zod schema (openai-chat-request-schema.ts) certainly accept
 * this body, and would its output equal the body? When it says yes, the body is the parsed request as it is; when
 * it says no, nothing is concluded and the zod schema decides, with its error messages. So it may only ever be
 * narrower than the schema, never wider: every rule here is a rule of the schema, and every shape it does not know
 * (an object `tool_choice`, a refusal part, `response_format`, `metadata`, an assistant message's
 * `reasoning_content` or `reasoning_details`) sends the body to the schema.
 * test/surfaces/openai-chat/accept-common-chat-request.property.test.ts holds it to that.
 */
import type { ChatRequest } from './openai-chat-types.js';
import { isPlainJsonRecord as isRecord, type JsonRecord } from '../plain-json-record.js';

type Json = JsonRecord;

const optionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';
const nullish = (value: unknown): boolean => value === undefined || value === null;
const nonEmptyString = (value: unknown): boolean => typeof value === 'string' && value.length > 0;

/** Cache markers (`prompt_cache_breakpoint`, `cache_control`) have shapes of their own: the schema checks them. */
const hasNoCacheMarker = (value: Json): boolean => value.prompt_cache_breakpoint === undefined && value.cache_control === undefined;

function isTextPart(part: unknown): boolean {
  return isRecord(part) && part.type === 'text' && typeof part.text === 'string' && hasNoCacheMarker(part);
}

function isImagePart(part: unknown): boolean {
  if (!isRecord(part) || part.type !== 'image_url' || !hasNoCacheMarker(part)) return false;
  const image = part.image_url;
  if (!isRecord(image) || !nonEmptyString(image.url)) return false;
  const detail = image.detail;
  return detail === undefined || detail === 'auto' || detail === 'low' || detail === 'high';
}

/** A string, or an array of parts that each pass `isPart`. */
function isContent(content: unknown, isPart: (part: unknown) => boolean): boolean {
  if (typeof content === 'string') return true;
  if (!Array.isArray(content)) return false;
  for (const part of content) if (!isPart(part)) return false;
  return true;
}

const isUserPart = (part: unknown): boolean => isTextPart(part) || isImagePart(part);

function isToolCall(call: unknown): boolean {
  if (!isRecord(call) || !nonEmptyString(call.id) || call.type !== 'function') return false;
  const fn = call.function;
  return isRecord(fn) && nonEmptyString(fn.name) && typeof fn.arguments === 'string';
}

function isAssistantMessage(message: Json): boolean {
  const { content, tool_calls: toolCalls, refusal } = message;
  if (!optionalString(message.name)) return false;
  // Reasoning history has shapes of its own (`reasoning_details` entries): the schema checks them.
  if (message.reasoning_content !== undefined || message.reasoning_details !== undefined) return false;
  if (!nullish(refusal) && typeof refusal !== 'string') return false;
  // Only string content here: content parts may hold refusal parts, which are the schema's to check.
  if (!nullish(content) && typeof content !== 'string') return false;
  if (toolCalls !== undefined) {
    if (!Array.isArray(toolCalls)) return false;
    for (const call of toolCalls) if (!isToolCall(call)) return false;
  }
  const hasContent = content !== undefined && content !== null;
  const hasToolCalls = Array.isArray(toolCalls) && toolCalls.length > 0;
  const hasRefusal = typeof refusal === 'string' && refusal !== '';
  return hasContent || hasToolCalls || hasRefusal;
}

function isMessage(message: unknown): boolean {
  if (!isRecord(message) || !hasNoCacheMarker(message)) return false;
  switch (message.role) {
    case 'user':
      return isContent(message.content, isUserPart) && optionalString(message.name);
    case 'system':
    case 'developer':
      return isContent(message.content, isTextPart) && optionalString(message.name);
    case 'assistant':
      return isAssistantMessage(message);
    case 'tool':
      return isContent(message.content, isTextPart) && nonEmptyString(message.tool_call_id);
    default:
      return false;
  }
}

const functionName = /^[a-zA-Z0-9_-]{1,64}$/;

function isTool(tool: unknown): boolean {
  if (!isRecord(tool) || tool.type !== 'function') return false;
  const fn = tool.function;
  if (!isRecord(fn) || typeof fn.name !== 'string' || !functionName.test(fn.name)) return false;
  if (!optionalString(fn.description)) return false;
  if (fn.parameters !== undefined && !isRecord(fn.parameters)) return false;
  return nullish(fn.strict) || typeof fn.strict === 'boolean';
}

const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);
const nullishNumberIn = (value: unknown, min: number, max: number): boolean =>
  nullish(value) || (typeof value === 'number' && value >= min && value <= max);
const nullishIntegerIn = (value: unknown, min: number, max: number): boolean =>
  nullish(value) || (isInteger(value) && value >= min && value <= max);
const nullishBoolean = (value: unknown): boolean => nullish(value) || typeof value === 'boolean';

function isStop(stop: unknown): boolean {
  if (nullish(stop) || typeof stop === 'string') return true;
  if (!Array.isArray(stop) || stop.length > 4) return false;
  for (const item of stop) if (typeof item !== 'string') return false;
  return true;
}

function isStreamOptions(options: unknown): boolean {
  if (nullish(options)) return true;
  if (!isRecord(options)) return false;
  return (options.include_usage === undefined || typeof options.include_usage === 'boolean')
    && (nullish(options.include_obfuscation) || typeof options.include_obfuscation === 'boolean');
}

const reasoningEfforts = new Set(['none', 'minimal', 'low', 'medium', 'high']);

/**
 * True only when `chatRequestSchema` accepts `body` and its output equals `body`; `body` can then be used as the
 * parsed request. False means "ask the schema", not "invalid".
 */
export function isCommonChatRequest(body: unknown): body is ChatRequest {
  if (!isRecord(body) || !nonEmptyString(body.model)) return false;
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) return false;
  for (const message of messages) if (!isMessage(message)) return false;
  const tools = body.tools;
  if (tools !== undefined) {
    if (!Array.isArray(tools)) return false;
    for (const tool of tools) if (!isTool(tool)) return false;
  }
  const choice = body.tool_choice;
  if (choice !== undefined && choice !== 'none' && choice !== 'auto' && choice !== 'required') return false;
  const effort = body.reasoning_effort;
  return (
    nullishIntegerIn(body.max_tokens, 1, Number.MAX_VALUE) &&
    nullishIntegerIn(body.max_completion_tokens, 1, Number.MAX_VALUE) &&
    nullishNumberIn(body.temperature, 0, 2) &&
    nullishNumberIn(body.top_p, 0, 1) &&
    isStop(body.stop) &&
    nullishBoolean(body.stream) &&
    isStreamOptions(body.stream_options) &&
    nullishIntegerIn(body.n, 1, 128) &&
    optionalString(body.user) &&
    body.metadata === undefined &&
    body.response_format === undefined &&
    nullishIntegerIn(body.seed, -Number.MAX_VALUE, Number.MAX_VALUE) &&
    nullishBoolean(body.logprobs) &&
    nullishIntegerIn(body.top_logprobs, 0, 20) &&
    nullishBoolean(body.parallel_tool_calls) &&
    (nullish(effort) || (typeof effort === 'string' && reasoningEfforts.has(effort))) &&
    (nullish(body.service_tier) || typeof body.service_tier === 'string')
  );
}
