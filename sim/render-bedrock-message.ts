/**
 * A SimCompletion in Bedrock shapes: the Converse / Nova response body, and the stream event sequence shared by
 * ConverseStream (each event an event-stream frame) and Nova InvokeModelWithResponseStream (each event a chunk
 * `{"<type>": body}`). Pure.
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
  const content = completion.kind === 'tool-call'
    ? [{ toolUse: { toolUseId: toolUseId(completion), name: completion.toolName, input: JSON.parse(completion.argumentsJson) as unknown } }]
    : [{ text: completion.tokens.join('') }];
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
  let content: BedrockStreamEvent[];
  if (completion.kind === 'tool-call') {
    head.push({
      type: 'contentBlockStart',
      body: { contentBlockIndex: 0, start: { toolUse: { toolUseId: toolUseId(completion), name: completion.toolName } } },
    });
    content = [{ type: 'contentBlockDelta', body: { contentBlockIndex: 0, delta: { toolUse: { input: completion.argumentsJson } } } }];
  } else {
    content = completion.tokens.map((text) => ({ type: 'contentBlockDelta', body: { contentBlockIndex: 0, delta: { text } } }));
  }
  return {
    head,
    content,
    tail: (metadata) => [
      { type: 'contentBlockStop', body: { contentBlockIndex: 0 } },
      { type: 'messageStop', body: { stopReason: bedrockStopReason(completion) } },
      { type: 'metadata', body: metadata },
    ],
  };
}
