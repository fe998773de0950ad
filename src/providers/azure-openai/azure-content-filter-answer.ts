/**
 * A prompt Azure's content filter refused (a 400 `content_filter`) as an answer, not an error: the canonical result
 * and stream say `content-filter`, and the OpenAI chat fast path gets the completion OpenAI itself would send
 * (`finish_reason: content_filter`, no content), with Azure's `prompt_filter_results`. Pure.
 */
import type { JsonObject, JsonValue } from '../../inference/inference-json.js';
import type { InferenceResult } from '../../inference/inference-result.js';
import type { InferenceStreamPart } from '../../inference/inference-stream-part.js';

const REASON = { kind: 'content-filter', raw: 'content_filter' } as const;
const NO_USAGE = { inputTokens: 0, outputTokens: 0 };

function promptFilterResults(results: unknown): JsonValue {
  return [{ prompt_index: 0, content_filter_results: (results ?? {}) as JsonValue }];
}

export function contentFilterResult(results: unknown): InferenceResult {
  return { content: [], finishReason: REASON, usage: NO_USAGE, providerMetadata: { azure: { promptFilterResults: promptFilterResults(results) } } };
}

export function contentFilterStreamParts(): InferenceStreamPart[] {
  return [{ type: 'stream-start' }, { type: 'finish', reason: REASON }, { type: 'usage', usage: NO_USAGE }];
}

function identity(model: string): JsonObject {
  return { id: `chatcmpl-filtered-${Date.now().toString(36)}`, created: Math.floor(Date.now() / 1000), model };
}

export function contentFilterChatCompletion(model: string, results: unknown): JsonObject {
  return {
    ...identity(model),
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: null }, finish_reason: 'content_filter', logprobs: null }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    prompt_filter_results: promptFilterResults(results),
  };
}

/** The `data:` texts of the same answer as a stream: one finishing chunk and the usage chunk. */
export function contentFilterChatChunks(model: string, results: unknown): string[] {
  const base = { ...identity(model), object: 'chat.completion.chunk' };
  return [
    JSON.stringify({ ...base, choices: [], prompt_filter_results: promptFilterResults(results) }),
    JSON.stringify({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: null }, finish_reason: 'content_filter', logprobs: null }] }),
    JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 } }),
  ];
}
