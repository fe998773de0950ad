/**
 * Token ESTIMATES for when an upstream does not report usage (and for admission before a call). Not a tokenizer:
 * about four characters per token over all text (prompt, tool definitions, tool calls and results), plus a small
 * overhead per message and per request, and a flat amount per image. Real counts from the upstream always win.
 */
import type { ConverseContentBlock, ConverseRequest, ConverseSystemBlock, ConverseToolConfig } from './bedrock-converse/converse-types.js';
import type { NovaRequest } from './bedrock-invoke/nova/nova-native-types.js';
import type { ChatTool, ChatMessage, ChatRequest } from './openai-chat/openai-chat-types.js';

const CHARS_PER_TOKEN = 4;
/** Role markers and separators around each message (OpenAI documents 3 to 4). */
export const MESSAGE_OVERHEAD_TOKENS = 4;
/** The reply primer every request carries. */
export const REQUEST_OVERHEAD_TOKENS = 3;
/** An image of unknown size counts as OpenAI's price of a 1024x1024 high-detail image. */
export const IMAGE_TOKENS = 765;

/** A request body tagged with its wire format (the names of `WireFormat`; `bedrock-invoke` means Nova native). */
export type EstimableRequest =
  | { format: 'openai-chat'; body: ChatRequest }
  | { format: 'bedrock-converse'; body: ConverseRequest }
  | { format: 'bedrock-invoke'; body: NovaRequest };

/** ceil(characters / 4); 0 for empty text. */
export function countTextTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

interface Tally {
  chars: number;
  images: number;
}

function jsonLength(value: unknown): number {
  return value === undefined ? 0 : (JSON.stringify(value) ?? '').length;
}

function tallySystemBlock(block: ConverseSystemBlock, tally: Tally): void {
  if (typeof block.text === 'string') tally.chars += block.text.length;
  if (block.guardContent?.text !== undefined) tally.chars += block.guardContent.text.text.length;
}

function tallyConverseBlock(block: ConverseContentBlock, tally: Tally): void {
  tallySystemBlock(block, tally);
  if (block.image !== undefined) tally.images += 1;
  if (block.document !== undefined) {
    const source = block.document.source;
    // A base64 document counts its decoded size as text: rough for PDFs, right for plain text formats.
    tally.chars += source.text?.length ?? Math.floor(((source.bytes ?? '').length * 3) / 4);
  }
  if (block.toolUse !== undefined) {
    tally.chars += block.toolUse.name.length + jsonLength(block.toolUse.input);
  }
  if (block.toolResult !== undefined) {
    for (const item of block.toolResult.content) {
      if (item.text !== undefined) tally.chars += item.text.length;
      if (item.json !== undefined) tally.chars += jsonLength(item.json);
      if (item.image !== undefined) tally.images += 1;
    }
  }
  if (block.reasoningContent?.reasoningText !== undefined) {
    tally.chars += block.reasoningContent.reasoningText.text.length;
  }
}

function tallyChatMessage(message: ChatMessage, tally: Tally): void {
  const content = message.content;
  if (typeof content === 'string') tally.chars += content.length;
  else if (Array.isArray(content)) {
    for (const part of content) {
      if (part.type === 'text') tally.chars += part.text.length;
      else if (part.type === 'refusal') tally.chars += part.refusal.length;
      else tally.images += 1;
    }
  }
  if (message.role === 'assistant') {
    for (const call of message.tool_calls ?? []) {
      tally.chars += call.type === 'function' ? call.function.name.length + call.function.arguments.length : call.custom.name.length + call.custom.input.length;
    }
  }
}

function tallyChatTools(tools: readonly ChatTool[], tally: Tally): void {
  for (const tool of tools) {
    if (tool.type === 'custom') tally.chars += jsonLength(tool.custom);
    else tally.chars += tool.function.name.length + (tool.function.description ?? '').length + jsonLength(tool.function.parameters);
  }
}

function tallyToolConfig(config: ConverseToolConfig, tally: Tally): void {
  for (const tool of config.tools) {
    if (tool.toolSpec === undefined) continue;
    tally.chars += tool.toolSpec.name.length + (tool.toolSpec.description ?? '').length;
    tally.chars += jsonLength(tool.toolSpec.inputSchema.json);
  }
}

function tallyConverseLike(body: ConverseRequest | NovaRequest, tally: Tally): number {
  for (const block of body.system ?? []) tallySystemBlock(block, tally);
  for (const message of body.messages) for (const block of message.content) tallyConverseBlock(block, tally);
  if (body.toolConfig !== undefined) tallyToolConfig(body.toolConfig, tally);
  return body.messages.length + (body.system !== undefined && body.system.length > 0 ? 1 : 0);
}

/** An estimate of the input tokens of a request in any of the three wire formats. */
export function estimateInputTokens(request: EstimableRequest): number {
  const tally: Tally = { chars: 0, images: 0 };
  let messages: number;
  if (request.format === 'openai-chat') {
    for (const message of request.body.messages) tallyChatMessage(message, tally);
    tallyChatTools(request.body.tools ?? [], tally);
    messages = request.body.messages.length;
  } else {
    messages = tallyConverseLike(request.body, tally);
  }
  return (
    Math.ceil(tally.chars / CHARS_PER_TOKEN) +
    messages * MESSAGE_OVERHEAD_TOKENS +
    tally.images * IMAGE_TOKENS +
    REQUEST_OVERHEAD_TOKENS
  );
}
