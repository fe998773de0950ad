/**
 * ConverseStream events -> OpenAI `chat.completion.chunk` objects, one event at a time, without I/O.
 *
 * Produces the role chunk first (`{role: "assistant", content: ""}`), content and `reasoning_content` deltas,
 * `tool_calls` deltas (the first for a call carries index, id, type and name; later ones carry argument
 * fragments), a finish chunk with `finish_reason`, and, when `includeUsage` is set, a usage chunk with empty
 * `choices` (counted from the text in `finish()` if Bedrock never sent metadata).
 */
import type { ConverseStreamEvent, ConverseUsage } from '../surfaces/bedrock-converse/converse-types.js';
import { countTextTokens } from './estimate-tokens.js';
import { mapConverseStopReason } from './map-converse-stop-reason.js';
import { converseUsageToChat, estimatedUsage } from './map-token-usage.js';
import type { ChatChunkDelta, ChatCompletionChunk, ChatFinishReason } from '../surfaces/openai-chat/openai-chat-types.js';

export interface ConverseStreamToChatOptions {
  id: string;
  /** Unix seconds. */
  created: number;
  model: string;
  /** The client asked for `stream_options.include_usage`. */
  includeUsage: boolean;
  /** `prompt_tokens` if Bedrock never reports usage. */
  estimatedInputTokens?: number;
}

export class ConverseStreamToChatChunks {
  private readonly options: ConverseStreamToChatOptions;
  private roleSent = false;
  private finishSent = false;
  private usageSent = false;
  private readonly toolIndexByBlock = new Map<number, number>();
  private reported: ConverseUsage | undefined;
  private outputText = '';

  constructor(options: ConverseStreamToChatOptions) {
    this.options = options;
  }

  /** Usage Bedrock reported, if it has so far. */
  reportedUsage(): ConverseUsage | undefined {
    return this.reported;
  }

  push(event: ConverseStreamEvent): ChatCompletionChunk[] {
    const chunks: ChatCompletionChunk[] = [];
    if (event.eventType === 'metadata') {
      this.reported = event.body.usage;
      this.pushUsage(event.body.usage, chunks);
      return chunks;
    }
    this.sendRole(chunks);
    switch (event.eventType) {
      case 'contentBlockStart': {
        const toolUse = event.body.start.toolUse;
        if (toolUse === undefined) break;
        const index = this.toolIndex(event.body.contentBlockIndex);
        this.outputText += toolUse.name;
        chunks.push(
          this.chunk({
            tool_calls: [{ index, id: toolUse.toolUseId, type: 'function', function: { name: toolUse.name, arguments: '' } }],
          }),
        );
        break;
      }
      case 'contentBlockDelta': {
        const { delta, contentBlockIndex } = event.body;
        if (typeof delta.text === 'string' && delta.text !== '') {
          this.outputText += delta.text;
          chunks.push(this.chunk({ content: delta.text }));
        }
        if (delta.toolUse !== undefined && delta.toolUse.input !== '') {
          this.outputText += delta.toolUse.input;
          const index = this.toolIndex(contentBlockIndex);
          chunks.push(this.chunk({ tool_calls: [{ index, function: { arguments: delta.toolUse.input } }] }));
        }
        const reasoning = delta.reasoningContent?.text;
        if (typeof reasoning === 'string' && reasoning !== '') {
          this.outputText += reasoning;
          chunks.push(this.chunk({ reasoning_content: reasoning }));
        }
        break;
      }
      case 'messageStop':
        this.sendFinish(mapConverseStopReason(event.body.stopReason), chunks);
        break;
      case 'messageStart':
      case 'contentBlockStop':
        break;
    }
    return chunks;
  }

  /** Closes the stream: role and finish chunks if never sent, and the usage chunk if asked for and missing. */
  finish(): ChatCompletionChunk[] {
    const chunks: ChatCompletionChunk[] = [];
    this.sendRole(chunks);
    this.sendFinish(this.toolIndexByBlock.size > 0 ? 'tool_calls' : 'stop', chunks);
    const usage =
      this.reported ?? estimatedUsage(this.options.estimatedInputTokens ?? 0, countTextTokens(this.outputText));
    this.pushUsage(usage, chunks);
    return chunks;
  }

  private toolIndex(contentBlockIndex: number): number {
    let index = this.toolIndexByBlock.get(contentBlockIndex);
    if (index === undefined) {
      index = this.toolIndexByBlock.size;
      this.toolIndexByBlock.set(contentBlockIndex, index);
    }
    return index;
  }

  private chunk(delta: ChatChunkDelta, finishReason: ChatFinishReason | null = null): ChatCompletionChunk {
    const { id, created, model } = this.options;
    return {
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
    };
  }

  private sendRole(chunks: ChatCompletionChunk[]): void {
    if (this.roleSent) return;
    this.roleSent = true;
    chunks.push(this.chunk({ role: 'assistant', content: '' }));
  }

  private sendFinish(finishReason: ChatFinishReason, chunks: ChatCompletionChunk[]): void {
    if (this.finishSent) return;
    this.finishSent = true;
    chunks.push(this.chunk({}, finishReason));
  }

  private pushUsage(usage: ConverseUsage, chunks: ChatCompletionChunk[]): void {
    if (!this.options.includeUsage || this.usageSent) return;
    this.usageSent = true;
    const { id, created, model } = this.options;
    chunks.push({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: converseUsageToChat(usage) });
  }
}
