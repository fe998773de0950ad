/**
 * A compiled check for the Messages requests of the simplest common shape, as accept-common-chat-request.ts is for
 * OpenAI chat (issue 14: the zod schema on every request). It answers one question: does
 * `anthropicMessagesRequestSchema` certainly accept this body (and its refinement, which only tools and thinking
 * can fail), and would its output equal the body? When it says yes, the body is the parsed request as it is; when it
 * says no, nothing is concluded and the schema decides, with its error messages. So it may only ever be narrower than
 * the schema: it knows text and string content, a string or text-block system prompt, `max_tokens`, `stream` and the
 * sampling settings, and sends every other shape (tools, thinking, images, cache markers, metadata, any other member)
 * to the schema. test/anthropic/accept-common-anthropic-request.property.test.ts holds it to that.
 */
import type { AnthropicMessagesRequest } from './anthropic-messages-request-schema.js';
import { hasOnlyKeys, isPlainJsonRecord as isRecord } from '../plain-json-record.js';

const TEXT_BLOCK_KEYS = new Set(['type', 'text']);
const MESSAGE_KEYS = new Set(['role', 'content']);
const REQUEST_KEYS = new Set(['model', 'stream', 'max_tokens', 'messages', 'system', 'temperature', 'top_p', 'top_k', 'stop_sequences']);

function isTextBlock(block: unknown): boolean {
  return isRecord(block) && block.type === 'text' && typeof block.text === 'string' && hasOnlyKeys(block, TEXT_BLOCK_KEYS);
}

/** A string, or an array of text blocks. */
function isTextContent(content: unknown): boolean {
  if (typeof content === 'string') return true;
  if (!Array.isArray(content)) return false;
  for (const block of content) if (!isTextBlock(block)) return false;
  return true;
}

function isMessage(message: unknown): boolean {
  return isRecord(message) && (message.role === 'user' || message.role === 'assistant') && hasOnlyKeys(message, MESSAGE_KEYS) && isTextContent(message.content);
}

const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);
const isUnitIntervalOrAbsent = (value: unknown): boolean => value === undefined || (typeof value === 'number' && value >= 0 && value <= 1);

function isStopSequences(value: unknown): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value)) return false;
  for (const stop of value) if (typeof stop !== 'string') return false;
  return true;
}

/**
 * True only when `parseAnthropicMessagesRequest` accepts `body` and its output equals `body`; `body` can then be used
 * as the parsed request. False means "ask the schema", not "invalid".
 */
export function isCommonAnthropicRequest(body: unknown): body is AnthropicMessagesRequest {
  if (!isRecord(body) || !hasOnlyKeys(body, REQUEST_KEYS)) return false;
  const { model, messages, system, stream } = body;
  if (typeof model !== 'string' || model.length === 0 || model.length > 2048) return false;
  if (stream !== undefined && typeof stream !== 'boolean') return false;
  if (!isInteger(body.max_tokens) || body.max_tokens < 1) return false;
  if (!Array.isArray(messages) || messages.length === 0) return false;
  for (const message of messages) if (!isMessage(message)) return false;
  if (system !== undefined && !isTextContent(system)) return false;
  if (!isUnitIntervalOrAbsent(body.temperature) || !isUnitIntervalOrAbsent(body.top_p)) return false;
  if (body.top_k !== undefined && !(isInteger(body.top_k) && body.top_k >= 0)) return false;
  return isStopSequences(body.stop_sequences);
}
