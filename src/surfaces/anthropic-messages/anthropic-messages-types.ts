/**
 * The Anthropic Messages shapes georoute writes and reads beyond the request schema: content blocks, the message
 * (the answer of `POST /v1/messages` and Claude's InvokeModel answer), usage and the stream events.
 */

export interface AnthropicCacheControl {
  type: 'ephemeral';
  ttl?: string;
}

export type AnthropicMediaSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string }
  | { type: 'text'; media_type: string; data: string };

export type AnthropicToolResultContentBlock =
  | { type: 'text'; text: string; cache_control?: AnthropicCacheControl }
  | { type: 'image'; source: AnthropicMediaSource; cache_control?: AnthropicCacheControl }
  | { type: 'document'; source: AnthropicMediaSource; title?: string; cache_control?: AnthropicCacheControl };

export type AnthropicBlock =
  | AnthropicToolResultContentBlock
  | { type: 'tool_use'; id: string; name: string; input: unknown; cache_control?: AnthropicCacheControl }
  | { type: 'tool_result'; tool_use_id: string; content: AnthropicToolResultContentBlock[] | string; is_error?: boolean; cache_control?: AnthropicCacheControl }
  | { type: 'thinking'; thinking: string; signature: string; cache_control?: AnthropicCacheControl }
  | { type: 'redacted_thinking'; data: string; cache_control?: AnthropicCacheControl };

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
  service_tier?: string;
}

export interface AnthropicMessageResponse {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicBlock[];
  stop_reason: string | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
}

export interface AnthropicToolDefinition {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
}
