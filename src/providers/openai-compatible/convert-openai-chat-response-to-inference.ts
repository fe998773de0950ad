/**
 * OpenAI chat completion -> canonical result (the first choice: a converted request never asks for more). Reasoning
 * comes first: `reasoning_details` block by block with signatures and encrypted reasoning (OpenRouter, a georoute
 * upstream), else `reasoning_content` (as vLLM and DeepSeek send it); then text, then tool calls. An answer without
 * usage counts as zero tokens; the pipeline then estimates.
 */
import type { InferenceAssistantPart } from '../../inference/inference-content-parts.js';
import type { InferenceResult } from '../../inference/inference-result.js';
import type { ChatResponse } from '../../surfaces/openai-chat/openai-chat-types.js';
import { reasoningPartsOf } from '../../surfaces/openai-chat/convert-reasoning-details.js';
import { mapOpenAiChatFinishReason } from './map-openai-chat-finish-reason.js';
import { mapOpenAiChatLogprobs } from './map-openai-chat-logprobs.js';
import { mapOpenAiChatUsage } from './map-openai-chat-usage.js';

export function convertOpenAiChatResponseToInference(response: ChatResponse): InferenceResult {
  const choice = response.choices[0];
  const content: InferenceAssistantPart[] = [];
  const message = choice?.message;
  const reasoning = reasoningPartsOf(message?.reasoning_details ?? []);
  if (reasoning.length > 0) content.push(...reasoning);
  else if (message?.reasoning_content) content.push({ type: 'reasoning', text: message.reasoning_content });
  const text = message?.content ?? (message?.refusal || null);
  if (text) content.push({ type: 'text', text });
  for (const call of message?.tool_calls ?? []) content.push({ type: 'tool-call', id: call.id, name: call.function.name, input: call.function.arguments });
  const logprobs = mapOpenAiChatLogprobs(choice?.logprobs);
  return {
    ...(response.id === '' ? {} : { id: response.id }),
    content,
    finishReason: mapOpenAiChatFinishReason(choice?.finish_reason),
    usage: response.usage ? mapOpenAiChatUsage(response.usage) : { inputTokens: 0, outputTokens: 0 },
    ...(logprobs === undefined ? {} : { logprobs }),
    ...(typeof response.service_tier === 'string' ? { serviceTier: response.service_tier } : {}),
  };
}
