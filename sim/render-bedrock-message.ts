/**
 * A SimCompletion in Bedrock shapes: the Converse / Nova response body, and the stream event sequence shared by
 * ConverseStream (each event an event-stream frame) and Nova InvokeModelWithResponseStream (each event a chunk
 * `{"<type>": body}`). Reasoning, when asked for, comes first as a `reasoningContent` block with its signature,
 * as Bedrock sends Claude's and Nova's. Pure.
 */
import type { SimCompletion } from './sim-completion.js';

export type BedrockStopReason = 'end_turn' | 'max_tokens' | 'tool_use';

export function bedrockStopReason(completion: SimCompletion): BedrockStopReason {
  if (completion.kind === 'tool-call') return 'tool_use';
  return completion.finish === 'stop' ? 'end_turn' : 'max_tokens';
}

export function bedrockUsage(completion: SimCompletion) {
  return {
    inputTokens: completion.inputTokens,
    outputTokens: completion.outputTokens,
    totalTokens: completion.inputTokens + completion.outputTokens,
  };
}

function toolUseId(completion: SimCompletion & { kind: 'tool-call' }): string {
  return `tooluse_${completion.callId}`;
}

/** The Converse response body; Nova InvokeModel uses the same without `metrics`. */
export function renderBedrockMessageBody(completion: SimCompletion, metrics?: { latencyMs: number }) {
  const answer = completion.kind === 'tool-call'
    ? { toolUse: { toolUseId: toolUseId(completion), name: completion.toolName, input: JSON.parse(completion.argumentsJson) as unknown } }
    : { text: completion.tokens.join('') };
  const reasoning = completion.reasoning;
  const content = reasoning === undefined ? [answer] : [{ reasoningContent: { reasoningText: { text: reasoning.tokens.join(''), signature: reasoning.signature } } }, answer];
  return {
    output: { message: { role: 'assistant', content } },
    stopReason: bedrockStopReason(completion),
    usage: bedrockUsage(completion),
    ...(metrics === undefined ? {} : { metrics }),
  };
}

export interface BedrockStreamEvent {
  type: string;
  body: Record<string, unknown>;
}

export interface BedrockStreamEvents {
  head: BedrockStreamEvent[];
  content: BedrockStreamEvent[];
  /** contentBlockStop, messageStop and the given `metadata` body. */
  tail(metadata: Record<string, unknown>): BedrockStreamEvent[];
}

export function renderBedrockStreamEvents(completion: SimCompletion): BedrockStreamEvents {
  const head: BedrockStreamEvent[] = [{ type: 'messageStart', body: { role: 'assistant' } }];
  const content: BedrockStreamEvent[] = [];
  const reasoning = completion.reasoning;
  const index = reasoning === undefined ? 0 : 1;
  if (reasoning !== undefined) {
    const delta = (value: Record<string, unknown>): BedrockStreamEvent => ({ type: 'contentBlockDelta', body: { contentBlockIndex: 0, delta: { reasoningContent: value } } });
    content.push(...reasoning.tokens.map((text) => delta({ text })), delta({ signature: reasoning.signature }), { type: 'contentBlockStop', body: { contentBlockIndex: 0 } });
  }
  if (completion.kind === 'tool-call') {
    const start: BedrockStreamEvent = {
      type: 'contentBlockStart',
      body: { contentBlockIndex: index, start: { toolUse: { toolUseId: toolUseId(completion), name: completion.toolName } } },
    };
    (reasoning === undefined ? head : content).push(start);
    content.push({ type: 'contentBlockDelta', body: { contentBlockIndex: index, delta: { toolUse: { input: completion.argumentsJson } } } });
  } else {
    content.push(...completion.tokens.map((text) => ({ type: 'contentBlockDelta', body: { contentBlockIndex: index, delta: { text } } })));
  }
  return {
    head,
    content,
    tail: (metadata) => [
      { type: 'contentBlockStop', body: { contentBlockIndex: index } },
      { type: 'messageStop', body: { stopReason: bedrockStopReason(completion) } },
      { type: 'metadata', body: metadata },
    ],
  };
}
