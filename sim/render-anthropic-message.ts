/**
 * A SimCompletion in Anthropic Messages shapes: the message body, and the stream events in Anthropic's order
 * (message_start, content_block_start, ping, content_block_delta..., content_block_stop, message_delta,
 * message_stop). Shared by `POST /v1/messages` (each event one SSE event) and Bedrock's InvokeModel for Claude
 * (each event one chunk). Pure.
 */
import type { SimCompletion } from './sim-completion.js';
import type { PromptCacheSplit } from './sim-prompt-cache.js';

export interface AnthropicMessageIdentity {
  id: string;
  model: string;
}

export type AnthropicStreamEvent = { type: string } & Record<string, unknown>;

export function anthropicStopReason(completion: SimCompletion): 'end_turn' | 'max_tokens' | 'tool_use' {
  if (completion.kind === 'tool-call') return 'tool_use';
  return completion.finish === 'stop' ? 'end_turn' : 'max_tokens';
}

export function anthropicUsage(cache: PromptCacheSplit, outputTokens: number) {
  return {
    input_tokens: cache.inputTokens,
    cache_creation_input_tokens: cache.cacheWriteInputTokens,
    cache_read_input_tokens: cache.cacheReadInputTokens,
    output_tokens: outputTokens,
  };
}

function toolUseId(completion: SimCompletion & { kind: 'tool-call' }): string {
  return `toolu_${completion.callId}`;
}

export function renderAnthropicMessage(identity: AnthropicMessageIdentity, completion: SimCompletion, cache: PromptCacheSplit) {
  const content: Record<string, unknown>[] = [];
  if (completion.reasoning !== undefined) {
    content.push({ type: 'thinking', thinking: completion.reasoning.tokens.join(''), signature: completion.reasoning.signature });
  }
  content.push(completion.kind === 'tool-call'
    ? { type: 'tool_use', id: toolUseId(completion), name: completion.toolName, input: JSON.parse(completion.argumentsJson) as unknown }
    : { type: 'text', text: completion.tokens.join('') });
  return {
    id: identity.id,
    type: 'message',
    role: 'assistant',
    model: identity.model,
    content,
    stop_reason: anthropicStopReason(completion),
    stop_sequence: null,
    usage: anthropicUsage(cache, completion.outputTokens),
  };
}

export interface AnthropicStreamEvents {
  /** message_start (written with the first token). */
  head: AnthropicStreamEvent[];
  /** One group of events per token: block starts and stops travel with the token next to them. */
  content: AnthropicStreamEvent[][];
  tail: AnthropicStreamEvent[];
}

export function renderAnthropicStreamEvents(identity: AnthropicMessageIdentity, completion: SimCompletion, cache: PromptCacheSplit): AnthropicStreamEvents {
  const head: AnthropicStreamEvent[] = [{
    type: 'message_start',
    message: {
      id: identity.id, type: 'message', role: 'assistant', model: identity.model, content: [],
      stop_reason: null, stop_sequence: null, usage: anthropicUsage(cache, 1),
    },
  }];
  const content: AnthropicStreamEvent[][] = [];
  let index = 0;
  let pingSent = false;
  const open = (block: Record<string, unknown>): AnthropicStreamEvent[] => {
    const events: AnthropicStreamEvent[] = [{ type: 'content_block_start', index, content_block: block }];
    if (!pingSent) events.push({ type: 'ping' });
    pingSent = true;
    return events;
  };
  const delta = (body: Record<string, unknown>): AnthropicStreamEvent => ({ type: 'content_block_delta', index, delta: body });
  const close = (): AnthropicStreamEvent => ({ type: 'content_block_stop', index: index++ });

  if (completion.reasoning !== undefined) {
    const { tokens, signature } = completion.reasoning;
    tokens.forEach((thinking, i) => content.push([...(i === 0 ? open({ type: 'thinking', thinking: '', signature: '' }) : []), delta({ type: 'thinking_delta', thinking })]));
    content.push([delta({ type: 'signature_delta', signature }), close()]);
  }
  if (completion.kind === 'tool-call') {
    content.push([
      ...open({ type: 'tool_use', id: toolUseId(completion), name: completion.toolName, input: {} }),
      delta({ type: 'input_json_delta', partial_json: '' }),
    ]);
    content.push([delta({ type: 'input_json_delta', partial_json: completion.argumentsJson })]);
  } else {
    completion.tokens.forEach((text, i) => content.push([...(i === 0 ? open({ type: 'text', text: '' }) : []), delta({ type: 'text_delta', text })]));
    if (completion.tokens.length === 0) content.push(open({ type: 'text', text: '' }));
  }
  const tail: AnthropicStreamEvent[] = [
    close(),
    { type: 'message_delta', delta: { stop_reason: anthropicStopReason(completion), stop_sequence: null }, usage: { output_tokens: completion.outputTokens } },
    { type: 'message_stop' },
  ];
  return { head, content, tail };
}
