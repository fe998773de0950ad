/**
 * Canonical result -> Llama's InvokeModel answer `{generation, prompt_token_count, generation_token_count,
 * stop_reason}`. A Llama body asks for no tools, so the answer is its text; reasoning an upstream may add is not
 * part of Llama's answer and is left out. Pure.
 */
import type { InferenceFinishReason, InferenceResult } from '../../../inference/inference-result.js';

export type LlamaStopReason = 'stop' | 'length';

export interface LlamaResponse {
  generation: string;
  prompt_token_count: number;
  generation_token_count: number;
  stop_reason: LlamaStopReason;
}

/** Llama on Bedrock says `length` when it ran out of tokens and `stop` for every other end. */
export function mapInferenceFinishReasonToLlama(reason: InferenceFinishReason): LlamaStopReason {
  return reason.kind === 'length' || reason.kind === 'context-window' ? 'length' : 'stop';
}

export function convertInferenceResultToLlama(result: InferenceResult): LlamaResponse {
  return {
    generation: result.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join(''),
    prompt_token_count: result.usage.inputTokens,
    generation_token_count: result.usage.outputTokens,
    stop_reason: mapInferenceFinishReasonToLlama(result.finishReason),
  };
}
