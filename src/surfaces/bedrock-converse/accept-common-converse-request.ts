/**
 * A compiled check for the Converse requests most clients send, as accept-common-chat-request.ts is for OpenAI
 * chat (issue 14: the zod schema was some 5% of a Converse request's CPU). It answers one question: does the zod
 * schema (converse-request-schema.ts) certainly accept this body, and would its output equal the body? When it says
 * yes, the body is the parsed request as it is; when it says no, nothing is concluded and the schema decides, with
 * its error messages. So it may only ever be narrower than the schema: it knows text messages, text system blocks
 * and the four inference settings, and sends every other shape (images, tools, documents, cache points, any other
 * member) to the schema. test/surfaces/bedrock-converse/accept-common-converse-request.property.test.ts holds it to that.
 */
import type { ConverseRequest } from './converse-types.js';
import { hasOnlyKeys, isPlainJsonRecord as isRecord } from '../plain-json-record.js';

const TEXT_ONLY = new Set(['text']);
const MESSAGE_KEYS = new Set(['role', 'content']);
const REQUEST_KEYS = new Set(['messages', 'system', 'inferenceConfig']);
const INFERENCE_KEYS = new Set(['maxTokens', 'temperature', 'topP', 'stopSequences']);

/** `{ "text": "..." }` and nothing else. */
function isTextBlock(block: unknown): boolean {
  return isRecord(block) && typeof block.text === 'string' && hasOnlyKeys(block, TEXT_ONLY);
}

function isTextBlocks(blocks: unknown): boolean {
  if (!Array.isArray(blocks) || blocks.length === 0) return false;
  for (const block of blocks) if (!isTextBlock(block)) return false;
  return true;
}

function isMessage(message: unknown): boolean {
  return isRecord(message) && (message.role === 'user' || message.role === 'assistant') && hasOnlyKeys(message, MESSAGE_KEYS) && isTextBlocks(message.content);
}

const isUnitInterval = (value: unknown): boolean => value === undefined || (typeof value === 'number' && value >= 0 && value <= 1);

function isInferenceConfig(config: unknown): boolean {
  if (config === undefined) return true;
  if (!isRecord(config) || !hasOnlyKeys(config, INFERENCE_KEYS)) return false;
  const { maxTokens, stopSequences } = config;
  if (maxTokens !== undefined && !(typeof maxTokens === 'number' && Number.isInteger(maxTokens) && maxTokens >= 1)) return false;
  if (!isUnitInterval(config.temperature) || !isUnitInterval(config.topP)) return false;
  if (stopSequences === undefined) return true;
  if (!Array.isArray(stopSequences)) return false;
  for (const stop of stopSequences) if (typeof stop !== 'string' || stop.length === 0) return false;
  return true;
}

/**
 * True only when `converseRequestSchema` accepts `body` and its output equals `body`; `body` can then be used as the
 * parsed request. False means "ask the schema", not "invalid".
 */
export function isCommonConverseRequest(body: unknown): body is ConverseRequest {
  if (!isRecord(body) || !hasOnlyKeys(body, REQUEST_KEYS)) return false;
  const { messages, system } = body;
  if (!Array.isArray(messages) || messages.length === 0) return false;
  for (const message of messages) if (!isMessage(message)) return false;
  if (system !== undefined && !isTextBlocks(system)) return false;
  return isInferenceConfig(body.inferenceConfig);
}
