/**
 * A SimCompletion in Llama's Bedrock shapes: the InvokeModel answer `{generation, prompt_token_count,
 * generation_token_count, stop_reason}`, and the stream's chunks: one per token (`prompt_token_count` on the first
 * only, `stop_reason: null`), then an empty last chunk with the stop reason, to which the operation adds Bedrock's
 * `amazon-bedrock-invocationMetrics`. Pure.
 */
import type { SimCompletion } from './sim-completion.js';

function textOf(completion: SimCompletion): string[] {
  return completion.kind === 'text' ? completion.tokens : [completion.argumentsJson];
}

function stopReason(completion: SimCompletion): 'stop' | 'length' {
  return completion.kind === 'text' && completion.finish === 'length' ? 'length' : 'stop';
}

export function renderLlamaResponse(completion: SimCompletion) {
  return {
    generation: textOf(completion).join(''),
    prompt_token_count: completion.inputTokens,
    generation_token_count: completion.outputTokens,
    stop_reason: stopReason(completion),
  };
}

export function renderLlamaStreamChunks(completion: SimCompletion): { content: Record<string, unknown>[]; last: Record<string, unknown> } {
  const content = textOf(completion).map((generation, i) => ({
    generation,
    prompt_token_count: i === 0 ? completion.inputTokens : null,
    generation_token_count: i + 1,
    stop_reason: null,
  }));
  return { content, last: { generation: '', prompt_token_count: null, generation_token_count: completion.outputTokens, stop_reason: stopReason(completion) } };
}
