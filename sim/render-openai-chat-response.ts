/** A SimCompletion in OpenAI chat-completions shapes (non-streamed body and SSE chunks). Pure. */
import type { SimCompletion } from './sim-completion.js';
import { tokenLogprob } from './sim-logprobs.js';

export interface OpenAiResponseIdentity {
  id: string;
  /** Unix seconds. */
  created: number;
  model: string;
}

type FinishReason = 'stop' | 'length' | 'tool_calls';

export function openAiFinishReason(completion: SimCompletion): FinishReason {
  return completion.kind === 'tool-call' ? 'tool_calls' : completion.finish;
}

export function openAiUsage(completion: SimCompletion) {
  return {
    prompt_tokens: completion.inputTokens,
    completion_tokens: completion.outputTokens,
    total_tokens: completion.inputTokens + completion.outputTokens,
  };
}

function toolCall(completion: SimCompletion & { kind: 'tool-call' }) {
  return {
    id: `call_${completion.callId}`,
    type: 'function' as const,
    function: { name: completion.toolName, arguments: completion.argumentsJson },
  };
}

/** `choices[].logprobs` when asked (`logprobs.top` alternatives per token), else null as OpenAI sends it. */
function logprobsOf(tokens: readonly string[], logprobs: { top: number } | undefined, from = 0) {
  if (logprobs === undefined) return null;
  return { content: tokens.map((token, i) => tokenLogprob(token, from + i, logprobs.top)), refusal: null };
}

function choiceOf(completion: SimCompletion, index: number, logprobs: { top: number } | undefined) {
  const message = completion.kind === 'tool-call'
    ? { role: 'assistant', content: null, tool_calls: [toolCall(completion)], refusal: null }
    : { role: 'assistant', content: completion.tokens.join(''), refusal: null };
  return { index, message, logprobs: completion.kind === 'text' ? logprobsOf(completion.tokens, logprobs) : null, finish_reason: openAiFinishReason(completion) };
}

/** `alternatives`: choices 1..n-1 when the request asked for `n` > 1 (`completion.outputTokens` counts them all). */
export function renderOpenAiChatCompletion(identity: OpenAiResponseIdentity, completion: SimCompletion, logprobs?: { top: number }, alternatives: readonly SimCompletion[] = []) {
  return {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    choices: [completion, ...alternatives].map((choice, index) => choiceOf(choice, index, logprobs)),
    usage: openAiUsage(completion),
  };
}

export interface OpenAiChunkSequence {
  head: unknown[];
  content: unknown[];
  tail: unknown[];
}

/**
 * The `data:` payloads of a stream: a role chunk, one chunk per token (or the tool call's arguments), a finish
 * chunk, and with `includeUsage` a last chunk with `choices: []` and `usage` (earlier chunks carry `usage: null`).
 */
export function renderOpenAiChatChunks(
  identity: OpenAiResponseIdentity,
  completion: SimCompletion,
  includeUsage: boolean,
  logprobs?: { top: number },
  alternatives: readonly SimCompletion[] = [],
): OpenAiChunkSequence {
  const first = renderChoiceChunks(identity, completion, includeUsage, logprobs, 0);
  const rest = alternatives.map((alternative, i) => renderChoiceChunks(identity, alternative, includeUsage, logprobs, i + 1));
  const usage = includeUsage
    ? [{ id: identity.id, object: 'chat.completion.chunk', created: identity.created, model: identity.model, choices: [], usage: openAiUsage(completion) }]
    : [];
  return {
    head: [first, ...rest].flatMap((s) => s.head),
    content: [first, ...rest].flatMap((s) => s.content),
    tail: [...[first, ...rest].flatMap((s) => s.tail), ...usage],
  };
}

/** One choice's chunks (role, content, finish), its deltas at `index`; the usage chunk is added once by the caller. */
function renderChoiceChunks(
  identity: OpenAiResponseIdentity,
  completion: SimCompletion,
  includeUsage: boolean,
  logprobs: { top: number } | undefined,
  index: number,
): OpenAiChunkSequence {
  const chunk = (delta: Record<string, unknown>, finishReason: FinishReason | null = null, tokenLogprobs: unknown = null) => ({
    id: identity.id,
    object: 'chat.completion.chunk',
    created: identity.created,
    model: identity.model,
    choices: [{ index, delta, logprobs: tokenLogprobs, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
  });
  const finish = chunk({}, openAiFinishReason(completion));
  if (completion.kind === 'tool-call') {
    const call = toolCall(completion);
    return {
      head: [chunk({ role: 'assistant', content: null, tool_calls: [
        { index: 0, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } },
      ] })],
      content: [chunk({ tool_calls: [{ index: 0, function: { arguments: completion.argumentsJson } }] })],
      tail: [finish],
    };
  }
  return {
    head: [chunk({ role: 'assistant', content: '', refusal: null })],
    content: completion.tokens.map((token, i) => chunk({ content: token }, null, logprobsOf([token], logprobs, i))),
    tail: [finish],
  };
}
