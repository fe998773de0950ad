/**
 * OpenAI chat completions request -> Converse request, so an OpenAI call can be served by a Bedrock upstream.
 * System and developer messages (wherever they appear) become `system` blocks; `tool` messages become user
 * `toolResult` blocks; consecutive turns of one role merge into one Converse message, tool results first.
 * Images must be base64 data URLs: Converse cannot fetch a URL.
 */
import { GeorouteError } from '../errors/error-catalog.js';
import type {
  ConverseContentBlock,
  ConverseInferenceConfig,
  ConverseMessage,
  ConverseRequest,
  ConverseRole,
  ConverseSystemBlock,
  ConverseToolConfig,
} from '../surfaces/bedrock-converse/converse-types.js';
import { parseImageDataUrl } from './image-data-url.js';
import type {
  ChatAssistantMessage,
  ChatRequest,
  ChatTextPart,
  ChatToolChoice,
  ChatUserContentPart,
} from '../surfaces/openai-chat/openai-chat-types.js';
import { parseToolArguments } from './parse-tool-arguments.js';
import { applyEquivalentSettings } from './map-chat-settings-to-converse.js';

/** Converse takes temperatures from 0 to 1; OpenAI allows up to 2. */
const MAX_CONVERSE_TEMPERATURE = 1;

function textBlocks(content: string | ChatTextPart[]): ConverseContentBlock[] {
  if (typeof content === 'string') return [{ text: content }];
  return content.map((part) => ({ text: part.text }));
}

function userBlocks(content: string | ChatUserContentPart[], i: number): ConverseContentBlock[] {
  if (typeof content === 'string') return [{ text: content }];
  return content.map((part, j): ConverseContentBlock => {
    if (part.type === 'text') return { text: part.text };
    const image = parseImageDataUrl(part.image_url.url);
    if (!image.ok) {
      throw new GeorouteError('invalid_request', `Unsupported image: ${image.reason}.`, {
        param: `messages[${i}].content[${j}].image_url.url`,
      });
    }
    return { image: { format: image.format, source: { bytes: image.bytes } } };
  });
}

function assistantBlocks(message: ChatAssistantMessage, i: number): ConverseContentBlock[] {
  const blocks: ConverseContentBlock[] = [];
  const content = message.content;
  if (typeof content === 'string') {
    if (content !== '') blocks.push({ text: content });
  } else if (Array.isArray(content)) {
    for (const part of content) blocks.push({ text: part.type === 'text' ? part.text : part.refusal });
  }
  if (blocks.length === 0 && typeof message.refusal === 'string' && message.refusal !== '') {
    blocks.push({ text: message.refusal });
  }
  (message.tool_calls ?? []).forEach((call, j) => {
    const parsed = parseToolArguments(call.function.arguments);
    if (!parsed.ok) {
      throw new GeorouteError('invalid_request', 'Tool call arguments must be a JSON text.', {
        param: `messages[${i}].tool_calls[${j}].function.arguments`,
      });
    }
    blocks.push({ toolUse: { toolUseId: call.id, name: call.function.name, input: parsed.input } });
  });
  // An assistant turn with nothing in it (content "") still needs a block.
  return blocks.length > 0 ? blocks : [{ text: '' }];
}

/** Appends a turn, merging it into the previous one of the same role; tool results lead a user turn. */
function appendTurn(messages: ConverseMessage[], role: ConverseRole, blocks: ConverseContentBlock[]): void {
  const last = messages[messages.length - 1];
  if (last === undefined || last.role !== role) {
    messages.push({ role, content: blocks });
    return;
  }
  const merged = [...last.content, ...blocks];
  last.content = role === 'user' ? [...merged.filter((b) => b.toolResult), ...merged.filter((b) => !b.toolResult)] : merged;
}

function hasToolBlocks(messages: readonly ConverseMessage[]): boolean {
  return messages.some((m) => m.content.some((b) => b.toolUse !== undefined || b.toolResult !== undefined));
}

function convertTools(request: ChatRequest, messages: readonly ConverseMessage[]): ConverseToolConfig | undefined {
  const tools = request.tools ?? [];
  const choice: ChatToolChoice | undefined = request.tool_choice;
  // Converse has no "none": leave the tools out, unless the history uses them (Converse then needs toolConfig).
  if (tools.length === 0 || (choice === 'none' && !hasToolBlocks(messages))) return undefined;
  const config: ConverseToolConfig = {
    tools: tools.map((tool) => ({
      toolSpec: {
        name: tool.function.name,
        ...(tool.function.description ? { description: tool.function.description } : {}),
        inputSchema: { json: tool.function.parameters ?? { type: 'object', properties: {} } },
      },
    })),
  };
  if (choice === 'auto') config.toolChoice = { auto: {} };
  else if (choice === 'required') config.toolChoice = { any: {} };
  else if (typeof choice === 'object') config.toolChoice = { tool: { name: choice.function.name } };
  return config;
}

function convertInferenceConfig(request: ChatRequest): ConverseInferenceConfig | undefined {
  const config: ConverseInferenceConfig = {};
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === 'number') config.maxTokens = maxTokens;
  if (typeof request.temperature === 'number') {
    config.temperature = Math.min(request.temperature, MAX_CONVERSE_TEMPERATURE);
  }
  if (typeof request.top_p === 'number') config.topP = request.top_p;
  if (typeof request.stop === 'string') config.stopSequences = [request.stop];
  else if (Array.isArray(request.stop) && request.stop.length > 0) config.stopSequences = [...request.stop];
  return Object.keys(config).length > 0 ? config : undefined;
}

export interface ChatToConverseOptions {
  /** The deployment's model family (`nova`, `anthropic`): where a reasoning effort goes in the native fields. */
  nativeFormat?: string;
}

/** An OpenAI chat completions request as a Converse request (the model id travels separately). */
export function convertChatRequestToConverse(request: ChatRequest, options: ChatToConverseOptions = {}): ConverseRequest {
  const system: ConverseSystemBlock[] = [];
  const messages: ConverseMessage[] = [];
  request.messages.forEach((message, i) => {
    switch (message.role) {
      case 'system':
      case 'developer':
        for (const block of textBlocks(message.content)) if (block.text !== '') system.push({ text: block.text });
        break;
      case 'user':
        appendTurn(messages, 'user', userBlocks(message.content, i));
        break;
      case 'assistant':
        appendTurn(messages, 'assistant', assistantBlocks(message, i));
        break;
      case 'tool': {
        const content = textBlocks(message.content).map((block) => ({ text: block.text ?? '' }));
        appendTurn(messages, 'user', [{ toolResult: { toolUseId: message.tool_call_id, content } }]);
        break;
      }
    }
  });
  const converse: ConverseRequest = { messages };
  if (system.length > 0) converse.system = system;
  const inferenceConfig = convertInferenceConfig(request);
  if (inferenceConfig !== undefined) converse.inferenceConfig = inferenceConfig;
  const toolConfig = convertTools(request, messages);
  if (toolConfig !== undefined) converse.toolConfig = toolConfig;
  applyEquivalentSettings(request, converse, options);
  return converse;
}
