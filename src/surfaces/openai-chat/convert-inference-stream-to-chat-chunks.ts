/**
 * Canonical stream parts -> OpenAI chat completion chunks (the surface's stream renderer): the role chunk first,
 * `content`, `reasoning_content` and `tool_calls` deltas (a call's first chunk carries its index, id, type and
 * name), the finish chunk, and at the end one usage chunk with empty `choices` (the response writer drops it
 * unless the client asked for `stream_options.include_usage`). Reasoning also goes out as `reasoning_details`
 * entries (OpenRouter's convention, numbered per reasoning block): each reasoning delta beside its
 * `reasoning_content`, the signature in an entry of its own for the same index, redacted reasoning as a
 * `reasoning.encrypted` entry. Unless the client set `stream_options.include_obfuscation: false`, each chunk with text
 * in its delta (content, reasoning, tool-call arguments) carries OpenAI's `obfuscation` padding.
 */
import type { SurfaceRenderContext, SurfaceStreamRenderer } from '../../inference/inbound-surface-contract.js';
import type { InferenceStreamPart } from '../../inference/inference-stream-part.js';
import type { InferenceUsage } from '../../inference/inference-usage.js';
import type { WireEvent } from '../../inference/wire-format.js';
import { mapInferenceFinishReasonToChat } from './map-inference-finish-reason-to-chat.js';
import { mapInferenceLogprobsToChat } from './map-inference-logprobs-to-chat.js';
import { mapInferenceUsageToChat } from './map-inference-usage-to-chat.js';
import { obfuscationFor } from '../openai-stream-obfuscation.js';
import type { ChatChunkDelta, ChatCompletionChunk, ChatFinishReason } from './openai-chat-types.js';

type ChatEvent = WireEvent<'openai-chat'>;

export class InferenceStreamToChatChunks implements SurfaceStreamRenderer<'openai-chat'> {
  private roleSent = false;
  private finished = false;
  private usage: InferenceUsage | undefined;
  /** OpenAI tool call index by canonical block index. */
  private readonly toolIndex = new Map<number, number>();
  /** `reasoning_details` index by canonical block index. */
  private readonly reasoningIndex = new Map<number, number>();

  constructor(private readonly context: SurfaceRenderContext, private readonly obfuscate = true) {}

  private event(chunk: ChatCompletionChunk): ChatEvent {
    return { format: 'openai-chat', data: JSON.stringify(chunk) };
  }

  /** `padded`: the length of the delta's text, when the chunk is to carry obfuscation padding. */
  private chunk(delta: ChatChunkDelta, finishReason: ChatFinishReason | null = null, logprobs: unknown = null, padded?: number): ChatEvent {
    const chunk: ChatCompletionChunk = {
      id: `chatcmpl-${this.context.requestId}`,
      object: 'chat.completion.chunk',
      created: this.context.createdAt,
      model: this.context.requestedModelId,
      choices: [{ index: 0, delta, finish_reason: finishReason, logprobs }],
    };
    if (padded !== undefined && this.obfuscate) chunk.obfuscation = obfuscationFor(padded);
    return this.event(chunk);
  }

  private detailIndex(block: number): number {
    const known = this.reasoningIndex.get(block);
    if (known !== undefined) return known;
    const index = this.reasoningIndex.size;
    this.reasoningIndex.set(block, index);
    return index;
  }

  private role(events: ChatEvent[]): void {
    if (this.roleSent) return;
    this.roleSent = true;
    events.push(this.chunk({ role: 'assistant', content: '' }));
  }

  push(part: InferenceStreamPart): ChatEvent[] {
    const events: ChatEvent[] = [];
    switch (part.type) {
      case 'stream-start':
        this.role(events);
        break;
      case 'text-delta':
        this.role(events);
        if (part.delta !== '') events.push(this.chunk({ content: part.delta }, null, null, part.delta.length));
        break;
      case 'reasoning-delta':
        this.role(events);
        if (part.delta !== '') {
          const detail = { type: 'reasoning.text' as const, text: part.delta, index: this.detailIndex(part.index) };
          events.push(this.chunk({ reasoning_content: part.delta, reasoning_details: [detail] }, null, null, part.delta.length));
        }
        break;
      case 'reasoning-signature':
        this.role(events);
        events.push(this.chunk({ reasoning_details: [{ type: 'reasoning.text', text: '', signature: part.signature, index: this.detailIndex(part.index) }] }));
        break;
      case 'redacted-reasoning':
        this.role(events);
        events.push(this.chunk({ reasoning_details: [{ type: 'reasoning.encrypted', data: part.data, index: this.detailIndex(part.index) }] }));
        break;
      case 'tool-call-start': {
        this.role(events);
        const index = this.toolIndex.size;
        this.toolIndex.set(part.index, index);
        events.push(this.chunk({ tool_calls: [{ index, id: part.id, type: 'function', function: { name: part.name, arguments: '' } }] }));
        break;
      }
      case 'tool-call-delta': {
        const index = this.toolIndex.get(part.index);
        if (index !== undefined && part.delta !== '') events.push(this.chunk({ tool_calls: [{ index, function: { arguments: part.delta } }] }, null, null, part.delta.length));
        break;
      }
      case 'logprobs':
        this.role(events);
        events.push(this.chunk({}, null, mapInferenceLogprobsToChat(part.tokens)));
        break;
      case 'usage':
        this.usage = part.usage;
        break;
      case 'finish':
        this.role(events);
        if (!this.finished) events.push(this.chunk({}, mapInferenceFinishReasonToChat(part.reason)));
        this.finished = true;
        break;
      case 'block-end':
      case 'error':
        break;
    }
    return events;
  }

  finish(): ChatEvent[] {
    const events: ChatEvent[] = [];
    this.role(events);
    if (!this.finished) events.push(this.chunk({}, this.toolIndex.size > 0 ? 'tool_calls' : 'stop'));
    this.finished = true;
    if (this.usage !== undefined) {
      events.push(
        this.event({
          id: `chatcmpl-${this.context.requestId}`,
          object: 'chat.completion.chunk',
          created: this.context.createdAt,
          model: this.context.requestedModelId,
          choices: [],
          usage: mapInferenceUsageToChat(this.usage),
        }),
      );
    }
    return events;
  }
}
