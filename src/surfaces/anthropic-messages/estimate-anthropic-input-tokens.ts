/**
 * An ESTIMATE of the input tokens of an Anthropic Messages body (for admission before a call and for the
 * count_tokens answer when no upstream counts): the same rule as estimate-tokens.ts, four characters a token over
 * all text, tool definitions and tool traffic, a flat amount per image, overhead per message. Pure.
 */
import { IMAGE_TOKENS, MESSAGE_OVERHEAD_TOKENS, REQUEST_OVERHEAD_TOKENS } from '../estimate-input-tokens.js';
import type { AnthropicContentBlock, AnthropicMessage, AnthropicTool } from './anthropic-messages-request-schema.js';

const CHARS_PER_TOKEN = 4;

interface AnthropicEstimable {
  system?: string | ReadonlyArray<{ text: string }>;
  messages: readonly AnthropicMessage[];
  tools?: readonly AnthropicTool[];
}

function blockText(block: AnthropicContentBlock): { text: string; images: number } {
  const record = block as Record<string, unknown>;
  switch (block.type) {
    case 'text':
      return { text: String(record.text ?? ''), images: 0 };
    case 'image':
      return { text: '', images: 1 };
    case 'tool_use':
      return { text: `${String(record.name ?? '')}${JSON.stringify(record.input ?? {})}`, images: 0 };
    case 'tool_result': {
      const content = record.content;
      if (typeof content === 'string') return { text: content, images: 0 };
      const parts = Array.isArray(content) ? (content as AnthropicContentBlock[]).map(blockText) : [];
      return { text: parts.map((p) => p.text).join(''), images: parts.reduce((n, p) => n + p.images, 0) };
    }
    case 'thinking':
      return { text: String(record.thinking ?? ''), images: 0 };
    default:
      return { text: JSON.stringify(block), images: 0 };
  }
}

export function estimateAnthropicInputTokens(request: AnthropicEstimable): number {
  let chars = 0;
  let images = 0;
  const system = request.system;
  if (typeof system === 'string') chars += system.length;
  else for (const block of system ?? []) chars += block.text.length;
  for (const message of request.messages) {
    if (typeof message.content === 'string') {
      chars += message.content.length;
      continue;
    }
    for (const block of message.content) {
      const counted = blockText(block);
      chars += counted.text.length;
      images += counted.images;
    }
  }
  for (const tool of request.tools ?? []) chars += JSON.stringify(tool).length;
  return Math.ceil(chars / CHARS_PER_TOKEN) + images * IMAGE_TOKENS
    + request.messages.length * MESSAGE_OVERHEAD_TOKENS + REQUEST_OVERHEAD_TOKENS;
}
