/**
 * OpenAI chat completion -> Converse response. Reasoning text (`reasoning_content`, sent by some OpenAI-compatible
 * servers) comes first, then the text, then tool uses. Tool-call arguments that are not JSON cannot be a Converse
 * `toolUse`: the call is left out and the stop reason is `malformed_tool_use`, as Bedrock reports it.
 */
import { GeorouteError } from '../errors/error-catalog.js';
import type { ConverseContentBlock, ConverseResponse } from '../surfaces/bedrock-converse/converse-types.js';
import { countTextTokens } from './estimate-tokens.js';
import { mapOpenAiFinishReason } from './map-openai-finish-reason.js';
import { chatUsageToConverse, estimatedUsage } from './map-token-usage.js';
import type { ChatResponse } from '../surfaces/openai-chat/openai-chat-types.js';
import { parseToolArguments } from './parse-tool-arguments.js';

export interface ChatResponseToConverseOptions {
  /** Time the upstream call took, reported as `metrics.latencyMs`. */
  latencyMs: number;
  /** Used as `usage.inputTokens` when the upstream reported no usage (output is then counted from the text). */
  estimatedInputTokens?: number;
}

export function convertChatResponseToConverse(
  response: ChatResponse,
  options: ChatResponseToConverseOptions,
): ConverseResponse {
  const choice = response.choices[0];
  if (choice === undefined) {
    throw new GeorouteError('upstream_rejected', 'The upstream returned a chat completion without choices.');
  }
  const message = choice.message;
  const content: ConverseContentBlock[] = [];
  let outputText = '';
  if (typeof message.reasoning_content === 'string' && message.reasoning_content !== '') {
    content.push({ reasoningContent: { reasoningText: { text: message.reasoning_content } } });
    outputText += message.reasoning_content;
  }
  const text = message.content ?? message.refusal ?? '';
  if (text !== '') {
    content.push({ text });
    outputText += text;
  }
  let malformed = false;
  let toolUses = 0;
  for (const call of message.tool_calls ?? []) {
    outputText += call.function.name + call.function.arguments;
    const parsed = parseToolArguments(call.function.arguments);
    if (!parsed.ok) {
      malformed = true;
      continue;
    }
    content.push({ toolUse: { toolUseId: call.id, name: call.function.name, input: parsed.input } });
    toolUses += 1;
  }
  const usage =
    response.usage !== undefined && response.usage !== null
      ? chatUsageToConverse(response.usage)
      : estimatedUsage(options.estimatedInputTokens ?? 0, countTextTokens(outputText));
  return {
    output: { message: { role: 'assistant', content } },
    stopReason: malformed ? 'malformed_tool_use' : mapOpenAiFinishReason(choice.finish_reason, toolUses > 0),
    usage,
    metrics: { latencyMs: options.latencyMs },
  };
}
