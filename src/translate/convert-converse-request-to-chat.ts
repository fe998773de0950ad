/**
 * Converse request -> OpenAI chat completions request, so a Converse call can be served by an OpenAI-compatible
 * upstream. Content the chat format cannot carry (documents, video, audio, S3 images, images inside tool results)
 * is refused with `invalid_request` naming the block; cache points, reasoning history and unknown block members are
 * left out. Tool results come first as `tool` messages, then the rest of the user turn.
 */
import { GeorouteError } from '../errors/error-catalog.js';
import type {
  ConverseContentBlock,
  ConverseImageBlock,
  ConverseInferenceConfig,
  ConverseRequest,
  ConverseSystemBlock,
  ConverseToolConfig,
  ConverseToolResultBlock,
} from '../surfaces/bedrock-converse/converse-types.js';
import { formatImageDataUrl } from './image-data-url.js';
import type {
  ChatAssistantMessage,
  ChatFunctionTool,
  ChatMessage,
  ChatRequest,
  ChatTextPart,
  ChatToolCall,
  ChatToolChoice,
  ChatToolMessage,
  ChatUserContentPart,
} from '../surfaces/openai-chat/openai-chat-types.js';

export interface ConverseToChatOptions {
  /** The model name the upstream expects. */
  model: string;
  stream: boolean;
  /** Where `inferenceConfig.maxTokens` goes; OpenAI reasoning models only take `max_completion_tokens`. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
}

function unrepresentable(param: string, what: string): GeorouteError {
  return new GeorouteError(
    'invalid_request',
    `${what} cannot be sent to an OpenAI-compatible model; remove it or choose a Bedrock model.`,
    { param },
  );
}

const unsupportedMembers = ['document', 'video', 'audio'] as const;

function textOf(block: ConverseContentBlock | ConverseSystemBlock): string | undefined {
  if (typeof block.text === 'string') return block.text;
  return block.guardContent?.text?.text;
}

function imagePart(image: ConverseImageBlock, param: string): ChatUserContentPart {
  if (image.source.bytes === undefined) throw unrepresentable(`${param}.source`, 'An image that is not inline bytes');
  return { type: 'image_url', image_url: { url: formatImageDataUrl(image.format, image.source.bytes) } };
}

/** One part keeps the plain-string form; several stay separate parts so a round trip keeps the blocks. */
function collapseText<T extends ChatUserContentPart>(parts: T[]): string | T[] {
  const [only] = parts;
  if (parts.length === 1 && only?.type === 'text') return only.text;
  return parts;
}

function toolMessage(result: ConverseToolResultBlock, param: string): ChatToolMessage {
  const parts: ChatTextPart[] = [];
  result.content.forEach((item, k) => {
    if (item.text !== undefined) parts.push({ type: 'text', text: item.text });
    else if (item.json !== undefined) parts.push({ type: 'text', text: JSON.stringify(item.json) });
    else if (item.image !== undefined) throw unrepresentable(`${param}.content[${k}].image`, 'An image in a tool result');
    else if (item.document !== undefined) {
      throw unrepresentable(`${param}.content[${k}].document`, 'A document in a tool result');
    }
  });
  const content = parts.length === 0 ? '' : collapseText(parts);
  return { role: 'tool', tool_call_id: result.toolUseId, content };
}

function convertUserTurn(content: ConverseContentBlock[], i: number): ChatMessage[] {
  const toolMessages: ChatMessage[] = [];
  const parts: ChatUserContentPart[] = [];
  content.forEach((block, j) => {
    const param = `messages[${i}].content[${j}]`;
    const text = textOf(block);
    if (text !== undefined) parts.push({ type: 'text', text });
    else if (block.image !== undefined) parts.push(imagePart(block.image, `${param}.image`));
    else if (block.toolResult !== undefined) toolMessages.push(toolMessage(block.toolResult, `${param}.toolResult`));
    else if (block.toolUse !== undefined) {
      throw new GeorouteError('invalid_request', 'toolUse blocks belong in assistant messages.', {
        param: `${param}.toolUse`,
      });
    }
    for (const member of unsupportedMembers) {
      if (block[member] !== undefined) throw unrepresentable(`${param}.${member}`, `A ${member} block`);
    }
  });
  if (parts.length > 0) toolMessages.push({ role: 'user', content: collapseText(parts) });
  return toolMessages;
}

function convertAssistantTurn(content: ConverseContentBlock[], i: number): ChatAssistantMessage {
  const parts: ChatTextPart[] = [];
  const toolCalls: ChatToolCall[] = [];
  content.forEach((block, j) => {
    const param = `messages[${i}].content[${j}]`;
    const text = textOf(block);
    if (text !== undefined) parts.push({ type: 'text', text });
    else if (block.toolUse !== undefined) {
      const { toolUseId, name, input } = block.toolUse;
      toolCalls.push({ id: toolUseId, type: 'function', function: { name, arguments: JSON.stringify(input) } });
    } else if (block.image !== undefined) throw unrepresentable(`${param}.image`, 'An image in an assistant message');
    else if (block.toolResult !== undefined) {
      throw new GeorouteError('invalid_request', 'toolResult blocks belong in user messages.', {
        param: `${param}.toolResult`,
      });
    }
    for (const member of unsupportedMembers) {
      if (block[member] !== undefined) throw unrepresentable(`${param}.${member}`, `A ${member} block`);
    }
  });
  const message: ChatAssistantMessage = {
    role: 'assistant',
    content: parts.length > 0 ? collapseText(parts) : toolCalls.length > 0 ? null : '',
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return message;
}

function convertSystem(system: readonly ConverseSystemBlock[]): ChatMessage[] {
  const parts: ChatTextPart[] = [];
  for (const block of system) {
    const text = textOf(block);
    if (text !== undefined) parts.push({ type: 'text', text });
  }
  return parts.length === 0 ? [] : [{ role: 'system', content: collapseText(parts) }];
}

function convertToolConfig(config: ConverseToolConfig): { tools: ChatFunctionTool[]; tool_choice?: ChatToolChoice } {
  const tools: ChatFunctionTool[] = [];
  for (const tool of config.tools) {
    if (tool.toolSpec === undefined) continue;
    const fn: ChatFunctionTool['function'] = { name: tool.toolSpec.name, parameters: tool.toolSpec.inputSchema.json };
    if (tool.toolSpec.description !== undefined) fn.description = tool.toolSpec.description;
    tools.push({ type: 'function', function: fn });
  }
  const choice = config.toolChoice;
  if (choice?.tool !== undefined) return { tools, tool_choice: { type: 'function', function: { name: choice.tool.name } } };
  if (choice?.any !== undefined) return { tools, tool_choice: 'required' };
  if (choice?.auto !== undefined) return { tools, tool_choice: 'auto' };
  return { tools };
}

function applyInferenceConfig(chat: ChatRequest, config: ConverseInferenceConfig, options: ConverseToChatOptions): void {
  if (config.maxTokens !== undefined) chat[options.maxTokensField ?? 'max_tokens'] = config.maxTokens;
  if (config.temperature !== undefined) chat.temperature = config.temperature;
  if (config.topP !== undefined) chat.top_p = config.topP;
  if (config.stopSequences !== undefined && config.stopSequences.length > 0) chat.stop = [...config.stopSequences];
}

const OPENAI_EFFORTS = new Set(['minimal', 'low', 'medium', 'high']);

/** Structured output, service tier, metadata and reasoning effort: the Converse settings with a chat equivalent. */
function applyConverseEquivalents(request: ConverseRequest, chat: ChatRequest): void {
  const jsonSchema = request.outputConfig?.textFormat?.structure?.jsonSchema;
  if (jsonSchema !== undefined) {
    let schema: Record<string, unknown>;
    try {
      schema = JSON.parse(jsonSchema.schema) as Record<string, unknown>;
    } catch {
      throw new GeorouteError('invalid_request', 'The JSON schema must be a JSON object in a string.', { param: 'outputConfig.textFormat.structure.jsonSchema.schema' });
    }
    chat.response_format = {
      type: 'json_schema',
      json_schema: { name: jsonSchema.name ?? 'response', schema, ...(jsonSchema.description === undefined ? {} : { description: jsonSchema.description }) },
    };
  }
  const effort = request.outputConfig?.effort;
  if (effort !== undefined) chat.reasoning_effort = (OPENAI_EFFORTS.has(effort) ? effort : 'high') as ChatRequest['reasoning_effort'];
  if (request.serviceTier?.type !== undefined) chat.service_tier = request.serviceTier.type;
  if (request.requestMetadata !== undefined) chat.metadata = { ...request.requestMetadata };
}

/** A Converse request as an OpenAI chat completions request for `options.model`. */
export function convertConverseRequestToChat(request: ConverseRequest, options: ConverseToChatOptions): ChatRequest {
  const messages: ChatMessage[] = convertSystem(request.system ?? []);
  request.messages.forEach((message, i) => {
    if (message.role === 'user') messages.push(...convertUserTurn(message.content, i));
    else messages.push(convertAssistantTurn(message.content, i));
  });
  const chat: ChatRequest = { model: options.model, messages };
  if (request.inferenceConfig !== undefined) applyInferenceConfig(chat, request.inferenceConfig, options);
  if (request.toolConfig !== undefined) {
    const { tools, tool_choice } = convertToolConfig(request.toolConfig);
    if (tools.length > 0) chat.tools = tools;
    if (tool_choice !== undefined && tools.length > 0) chat.tool_choice = tool_choice;
  }
  applyConverseEquivalents(request, chat);
  if (options.stream) {
    chat.stream = true;
    chat.stream_options = { include_usage: true };
  }
  return chat;
}
