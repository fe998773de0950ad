/**
 * Converse response -> OpenAI chat completion. Text blocks join into `content` (null when the turn is only tool
 * calls), tool uses become `tool_calls` with JSON-text arguments, reasoning text becomes `reasoning_content`
 * (redacted reasoning is left out). The caller supplies `id`, `created` and `model`.
 */
import type { ConverseResponse } from '../surfaces/bedrock-converse/converse-types.js';
import { mapConverseStopReason } from './map-converse-stop-reason.js';
import { converseUsageToChat } from './map-token-usage.js';
import type { ChatResponse, ChatResponseMessage, ChatToolCall } from '../surfaces/openai-chat/openai-chat-types.js';

export interface ConverseResponseToChatOptions {
  id: string;
  /** Unix seconds. */
  created: number;
  model: string;
}

export function convertConverseResponseToChat(
  response: ConverseResponse,
  options: ConverseResponseToChatOptions,
): ChatResponse {
  const texts: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: ChatToolCall[] = [];
  for (const block of response.output.message.content) {
    if (typeof block.text === 'string') texts.push(block.text);
    else if (block.toolUse !== undefined) {
      toolCalls.push({
        id: block.toolUse.toolUseId,
        type: 'function',
        function: { name: block.toolUse.name, arguments: JSON.stringify(block.toolUse.input ?? {}) },
      });
    } else if (block.reasoningContent?.reasoningText !== undefined) {
      reasoning.push(block.reasoningContent.reasoningText.text);
    }
  }
  const message: ChatResponseMessage = {
    role: 'assistant',
    content: texts.length === 0 && toolCalls.length > 0 ? null : texts.join(''),
    refusal: null,
  };
  if (reasoning.length > 0) message.reasoning_content = reasoning.join('');
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id: options.id,
    object: 'chat.completion',
    created: options.created,
    model: options.model,
    choices: [{ index: 0, message, finish_reason: mapConverseStopReason(response.stopReason), logprobs: null }],
    usage: converseUsageToChat(response.usage),
  };
}
