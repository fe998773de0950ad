/**
 * Canonical result -> OpenAI chat completion (the surface's render). Text parts join into `content`, reasoning into
 * `reasoning_content` (as OpenAI-compatible servers send it) and, block by block with signatures and redacted
 * reasoning, into `reasoning_details` (OpenRouter's convention: a client that echoes the message back in a tool
 * loop gives Claude its signed thinking back), tool calls into `tool_calls`; the id is the
 * gateway's (`chatcmpl-<request id>`) and the model the one the caller asked for.
 */
import type { InferenceResult } from '../../inference/inference-result.js';
import type { SurfaceRenderContext } from '../../inference/inbound-surface-contract.js';
import { reasoningDetailsOf } from './convert-reasoning-details.js';
import { mapInferenceFinishReasonToChat } from './map-inference-finish-reason-to-chat.js';
import { mapInferenceLogprobsToChat } from './map-inference-logprobs-to-chat.js';
import { mapInferenceUsageToChat } from './map-inference-usage-to-chat.js';
import type { ChatResponse, ChatResponseMessage, ChatToolCall } from './openai-chat-types.js';

export function convertInferenceResultToChatResponse(result: InferenceResult, context: SurfaceRenderContext): ChatResponse {
  let text = '';
  let reasoning = '';
  const toolCalls: ChatToolCall[] = [];
  for (const part of result.content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'reasoning') reasoning += part.text;
    else if (part.type === 'tool-call') toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.input } });
  }
  const message: ChatResponseMessage = { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text, refusal: null };
  if (reasoning !== '') message.reasoning_content = reasoning;
  const details = reasoningDetailsOf(result.content);
  if (details.length > 0) message.reasoning_details = details;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id: `chatcmpl-${context.requestId}`,
    object: 'chat.completion',
    created: context.createdAt,
    model: context.requestedModelId,
    choices: [
      {
        index: 0,
        message,
        finish_reason: mapInferenceFinishReasonToChat(result.finishReason),
        logprobs: result.logprobs === undefined ? null : mapInferenceLogprobsToChat(result.logprobs),
      },
    ],
    usage: mapInferenceUsageToChat(result.usage),
    ...(result.serviceTier === undefined ? {} : { service_tier: result.serviceTier }),
  };
}
