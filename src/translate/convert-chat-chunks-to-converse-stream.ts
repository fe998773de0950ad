/**
 * OpenAI `chat.completion.chunk` objects -> ConverseStream events, one chunk at a time, without I/O.
 *
 * Order produced: messageStart; per content block either deltas (text and reasoning start with a delta, as Bedrock
 * does) or contentBlockStart {toolUse} then input deltas; contentBlockStop when the next block starts; messageStop
 * on `finish_reason`; metadata {usage, metrics} from `finish()`. The closing usage chunk
 * (`stream_options.include_usage`) supplies the usage; without one, output tokens are counted from the text.
 * OpenAI streams tool calls one after another; should a server interleave them, a late fragment is still sent
 * with its own block's index.
 */
import type { ConverseStreamEvent, ConverseUsage } from '../surfaces/bedrock-converse/converse-types.js';
import { countTextTokens } from './estimate-tokens.js';
import { mapOpenAiFinishReason } from './map-openai-finish-reason.js';
import { chatUsageToConverse, estimatedUsage } from './map-token-usage.js';
import type { ChatCompletionChunk, ChatToolCallDelta } from '../surfaces/openai-chat/openai-chat-types.js';

type OpenBlock = { kind: 'text' | 'reasoning'; index: number } | { kind: 'tool'; index: number };

export interface ChatChunksToConverseOptions {
  /** `usage.inputTokens` if the upstream never reports usage. */
  estimatedInputTokens?: number;
}

export class ChatChunksToConverseStream {
  private readonly estimatedInputTokens: number;
  private started = false;
  private stopped = false;
  private nextBlockIndex = 0;
  private open: OpenBlock | undefined;
  private readonly toolBlocks = new Map<number, number>();
  private reported: ConverseUsage | undefined;
  private outputText = '';

  constructor(options: ChatChunksToConverseOptions = {}) {
    this.estimatedInputTokens = options.estimatedInputTokens ?? 0;
  }

  /** Usage the upstream reported, if it has so far. */
  reportedUsage(): ConverseUsage | undefined {
    return this.reported;
  }

  push(chunk: ChatCompletionChunk): ConverseStreamEvent[] {
    const events: ConverseStreamEvent[] = [];
    this.start(events);
    if (chunk.usage !== undefined && chunk.usage !== null) this.reported = chatUsageToConverse(chunk.usage);
    const choice = chunk.choices.find((c) => c.index === 0) ?? chunk.choices[0];
    if (choice === undefined || this.stopped) return events;
    const delta = choice.delta ?? {};
    if (typeof delta.reasoning_content === 'string' && delta.reasoning_content !== '') {
      const index = this.enterBlock('reasoning', events);
      events.push(this.delta(index, { reasoningContent: { text: delta.reasoning_content } }, delta.reasoning_content));
    }
    for (const text of [delta.content, delta.refusal]) {
      if (typeof text !== 'string' || text === '') continue;
      const index = this.enterBlock('text', events);
      events.push(this.delta(index, { text }, text));
    }
    for (const call of delta.tool_calls ?? []) this.pushToolCall(call, events);
    if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
      this.stop(choice.finish_reason, events);
    }
    return events;
  }

  /** Closes the stream: messageStop if the upstream never sent a finish reason, then metadata. */
  finish(options: { latencyMs: number }): ConverseStreamEvent[] {
    const events: ConverseStreamEvent[] = [];
    this.start(events);
    if (!this.stopped) this.stop(null, events);
    const usage =
      this.reported ?? estimatedUsage(this.estimatedInputTokens, countTextTokens(this.outputText));
    events.push({ eventType: 'metadata', body: { usage, metrics: { latencyMs: options.latencyMs } } });
    return events;
  }

  private start(events: ConverseStreamEvent[]): void {
    if (this.started) return;
    this.started = true;
    events.push({ eventType: 'messageStart', body: { role: 'assistant' } });
  }

  private delta(
    contentBlockIndex: number,
    delta: Extract<ConverseStreamEvent, { eventType: 'contentBlockDelta' }>['body']['delta'],
    counted: string,
  ): ConverseStreamEvent {
    this.outputText += counted;
    return { eventType: 'contentBlockDelta', body: { contentBlockIndex, delta } };
  }

  private closeOpen(events: ConverseStreamEvent[]): void {
    if (this.open === undefined) return;
    events.push({ eventType: 'contentBlockStop', body: { contentBlockIndex: this.open.index } });
    this.open = undefined;
  }

  private enterBlock(kind: 'text' | 'reasoning', events: ConverseStreamEvent[]): number {
    if (this.open?.kind === kind) return this.open.index;
    this.closeOpen(events);
    this.open = { kind, index: this.nextBlockIndex++ };
    return this.open.index;
  }

  private pushToolCall(call: ChatToolCallDelta, events: ConverseStreamEvent[]): void {
    let index = this.toolBlocks.get(call.index);
    if (index === undefined) {
      this.closeOpen(events);
      index = this.nextBlockIndex++;
      this.toolBlocks.set(call.index, index);
      this.open = { kind: 'tool', index };
      const toolUse = { toolUseId: call.id ?? `tooluse_${index}`, name: call.function?.name ?? '' };
      this.outputText += toolUse.name;
      events.push({ eventType: 'contentBlockStart', body: { contentBlockIndex: index, start: { toolUse } } });
    }
    const fragment = call.function?.arguments;
    if (typeof fragment === 'string' && fragment !== '') {
      events.push(this.delta(index, { toolUse: { input: fragment } }, fragment));
    }
  }

  private stop(finishReason: string | null, events: ConverseStreamEvent[]): void {
    this.closeOpen(events);
    this.stopped = true;
    const stopReason = mapOpenAiFinishReason(finishReason, this.toolBlocks.size > 0);
    events.push({ eventType: 'messageStop', body: { stopReason } });
  }
}
