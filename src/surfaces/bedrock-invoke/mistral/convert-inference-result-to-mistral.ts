/**
 * Canonical result -> Mistral's chat InvokeModel answer `{choices: [{index: 0, message: {role: assistant, content,
 * tool_calls?}, stop_reason}]}`. The body carries no usage: Bedrock reports it in the `x-amzn-bedrock-*-token-count`
 * headers, which the response writer sets. Tool calls are `{id, function: {name, arguments}}` as AWS documents them
 * in a request's assistant message (the answer's own tool-call shape is not shown by AWS: the same is assumed).
 * Reasoning an upstream may add has no place in Mistral's answer and is left out. Pure.
 */
import type { InferenceFinishReason, InferenceResult } from '../../../inference/inference-result.js';

export type MistralStopReason = 'stop' | 'length' | 'tool_calls';

export interface MistralResponseToolCall {
  id: string;
  function: { name: string; arguments: string };
}

export interface MistralResponseMessage {
  role: 'assistant';
  content: string;
  tool_calls?: MistralResponseToolCall[];
}

export interface MistralResponse {
  choices: Array<{ index: 0; message: MistralResponseMessage; stop_reason: MistralStopReason }>;
}

const MISTRAL_REASONS: ReadonlySet<string> = new Set<MistralStopReason>(['stop', 'length', 'tool_calls']);

/** `length` when the model ran out of tokens, `tool_calls` when it called tools, `stop` for every other end. */
export function mapInferenceFinishReasonToMistral(reason: InferenceFinishReason): MistralStopReason {
  if (reason.raw !== undefined && MISTRAL_REASONS.has(reason.raw)) return reason.raw as MistralStopReason;
  if (reason.kind === 'length' || reason.kind === 'context-window') return 'length';
  return reason.kind === 'tool-calls' ? 'tool_calls' : 'stop';
}

export function convertInferenceResultToMistral(result: InferenceResult): MistralResponse {
  let content = '';
  const toolCalls: MistralResponseToolCall[] = [];
  for (const part of result.content) {
    if (part.type === 'text') content += part.text;
    else if (part.type === 'tool-call') toolCalls.push({ id: part.id, function: { name: part.name, arguments: part.input } });
  }
  const message: MistralResponseMessage = { role: 'assistant', content, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) };
  return { choices: [{ index: 0, message, stop_reason: mapInferenceFinishReasonToMistral(result.finishReason) }] };
}
