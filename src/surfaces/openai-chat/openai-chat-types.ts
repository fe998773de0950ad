/**
 * The OpenAI chat completions shapes georoute reads and writes: the request we accept, the response, and the
 * `chat.completion.chunk` objects of a stream. Only the members the gateway uses are named; parsed requests keep
 * any other member (see `openai-chat-request-schema.ts`).
 */

/** Marks the end of a reusable prompt prefix (`mode: explicit`): a canonical cache point after the part. */
export interface ChatPromptCacheBreakpoint {
  mode: string;
}

/** Anthropic's cache marker as clients written for Anthropic-backed gateways put it on chat parts and messages. */
export interface ChatCacheControl {
  type: string;
  ttl?: string;
}

export interface ChatTextPart {
  type: 'text';
  text: string;
  prompt_cache_breakpoint?: ChatPromptCacheBreakpoint | null;
  cache_control?: ChatCacheControl | null;
}

export interface ChatImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
  prompt_cache_breakpoint?: ChatPromptCacheBreakpoint | null;
  cache_control?: ChatCacheControl | null;
}

export interface ChatRefusalPart {
  type: 'refusal';
  refusal: string;
}

/** A file: bytes as a data URL (`file_data`) with its `filename`, or an id from OpenAI's Files API (`file_id`). */
export interface ChatFilePart {
  type: 'file';
  file: { file_data?: string; file_id?: string; filename?: string };
  prompt_cache_breakpoint?: ChatPromptCacheBreakpoint | null;
  cache_control?: ChatCacheControl | null;
}

export interface ChatAudioPart {
  type: 'input_audio';
  input_audio: { data: string; format: string };
  prompt_cache_breakpoint?: ChatPromptCacheBreakpoint | null;
  cache_control?: ChatCacheControl | null;
}

export type ChatUserContentPart = ChatTextPart | ChatImagePart | ChatFilePart | ChatAudioPart;

/** `developer` is the newer name of `system`; both become Converse `system` blocks. */
export interface ChatSystemMessage {
  role: 'system' | 'developer';
  content: string | ChatTextPart[];
  name?: string;
}

export interface ChatUserMessage {
  role: 'user';
  content: string | ChatUserContentPart[];
  name?: string;
}

export interface ChatToolCall {
  id: string;
  type: 'function';
  /** `arguments` is a JSON text, as the model wrote it. */
  function: { name: string; arguments: string };
}

/** A call of a custom tool: free-text input. */
export interface ChatCustomToolCall {
  id: string;
  type: 'custom';
  custom: { name: string; input: string };
}

/**
 * OpenRouter's `reasoning_details`: the reasoning blocks of an answer in order, each with its `index`; visible
 * reasoning with the signature that lets it be sent back (`reasoning.text`), or reasoning the provider returned
 * encrypted (`reasoning.encrypted`). Clients echo them back in the assistant message of the next turn.
 */
export interface ChatReasoningTextDetail {
  type: 'reasoning.text';
  text?: string | null;
  signature?: string | null;
  format?: string | null;
  index?: number;
}

export interface ChatReasoningEncryptedDetail {
  type: 'reasoning.encrypted';
  data: string;
  format?: string | null;
  index?: number;
}

export type ChatReasoningDetail = ChatReasoningTextDetail | ChatReasoningEncryptedDetail;

/** A detail of a type with no canonical part (`reasoning.summary`, later types): listed, never dropped silently. */
export interface ChatOtherReasoningDetail {
  type: string;
  [member: string]: unknown;
}

/** What an assistant message of a request may hold: function calls, and custom tools' calls. */
export type ChatRequestToolCall = ChatToolCall | ChatCustomToolCall;

export interface ChatAssistantMessage {
  role: 'assistant';
  content?: string | Array<ChatTextPart | ChatRefusalPart> | null;
  tool_calls?: ChatRequestToolCall[];
  refusal?: string | null;
  name?: string;
  /** Reasoning text of the earlier answer, as OpenAI-compatible servers send it. */
  reasoning_content?: string | null;
  /** The earlier answer's reasoning blocks with their signatures; when present it says what `reasoning_content` says. */
  reasoning_details?: Array<ChatReasoningDetail | ChatOtherReasoningDetail> | null;
}

export interface ChatToolMessage {
  role: 'tool';
  content: string | ChatTextPart[];
  tool_call_id: string;
}

/** The deprecated function-calling result. */
export interface ChatFunctionMessage {
  role: 'function';
  name: string;
  content: string | null;
}

export type ChatMessage = ChatSystemMessage | ChatUserMessage | ChatAssistantMessage | ChatToolMessage | ChatFunctionMessage;

export interface ChatFunctionTool {
  type: 'function';
  function: {
    name: string;
    description?: string;
    /** A JSON Schema object. */
    parameters?: Record<string, unknown>;
    strict?: boolean | null;
  };
}

export interface ChatCustomTool {
  type: 'custom';
  custom: { name: string; [member: string]: unknown };
}

export type ChatTool = ChatFunctionTool | ChatCustomTool;

export type ChatToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; function: { name: string } }
  | { type: 'custom'; custom: { name: string } }
  | { type: 'allowed_tools'; allowed_tools: { mode: string; tools: unknown[] } };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools?: ChatTool[];
  tool_choice?: ChatToolChoice;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  stop?: string | string[] | null;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean; include_obfuscation?: boolean | null } | null;
  /** Only 1 is accepted. */
  n?: number | null;
  user?: string;
  metadata?: Record<string, string> | null;
  response_format?: ChatResponseFormat | null;
  seed?: number | null;
  logprobs?: boolean | null;
  top_logprobs?: number | null;
  parallel_tool_calls?: boolean | null;
  reasoning_effort?: 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max' | null;
  service_tier?: string | null;
}

/** `json_schema` is structured output: the answer must be JSON valid for `schema`. */
export interface ChatResponseFormat {
  /** `text`, `json_object` or `json_schema` (with `json_schema`); other values pass through to OpenAI upstreams. */
  type?: string;
  json_schema?: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean | null };
}

/** What OpenAI sends; OpenAI-compatible servers may send other strings, which the mappers tolerate. */
export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
}

export interface ChatResponseMessage {
  role: 'assistant';
  content: string | null;
  tool_calls?: ChatToolCall[];
  refusal?: string | null;
  /** Reasoning text, as OpenAI-compatible servers (vLLM, DeepSeek) send it; OpenAI itself does not. */
  reasoning_content?: string | null;
  /** The reasoning blocks with their signatures, and encrypted reasoning (OpenRouter's convention). */
  reasoning_details?: ChatReasoningDetail[] | null;
}

export interface ChatChoice {
  index: number;
  message: ChatResponseMessage;
  finish_reason: ChatFinishReason | null;
  logprobs?: unknown;
}

export interface ChatResponse {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: ChatChoice[];
  /** Some OpenAI-compatible servers leave it out; converters then estimate. */
  usage?: ChatUsage | null;
  system_fingerprint?: string | null;
  service_tier?: string | null;
}

export interface ChatToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface ChatChunkDelta {
  role?: 'assistant';
  content?: string | null;
  tool_calls?: ChatToolCallDelta[];
  refusal?: string | null;
  reasoning_content?: string | null;
  /** Reasoning text, a signature (an entry of its own, same index) or encrypted reasoning, as they arrive. */
  reasoning_details?: ChatReasoningDetail[] | null;
}

export interface ChatChunkChoice {
  index: number;
  delta: ChatChunkDelta;
  finish_reason: ChatFinishReason | null;
  logprobs?: unknown;
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  /** Empty in the closing usage chunk (`stream_options.include_usage`). */
  choices: ChatChunkChoice[];
  usage?: ChatUsage | null;
  system_fingerprint?: string | null;
  /** Random padding of a delta chunk (`stream_options.include_obfuscation`). */
  obfuscation?: string;
}
