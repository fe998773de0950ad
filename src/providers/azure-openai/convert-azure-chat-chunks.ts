/**
 * Azure OpenAI `chat.completion.chunk`s as canonical stream parts, in the canonical order: `stream-start` on the
 * first chunk with an id or choices (Azure's first chunk often has neither, only `prompt_filter_results`), text and tool-call blocks
 * as they open (each block gets the next index; an OpenAI tool-call `index` is mapped to its block), every open
 * block closed before the one `finish`, usage (the closing `choices: []` chunk) after it. A choice closed by the
 * content filter, or any filter annotation with `filtered: true`, finishes as `content-filter`. No I/O.
 */
import type { InferenceStreamPart } from '../../inference/inference-stream-part.js';
import type { InferenceUsage } from '../../inference/inference-usage.js';
import { mapAzureFinishReason } from './map-azure-finish-reason.js';
import { anyFiltered } from './read-azure-content-filter.js';
import { readAzureUsage } from './read-azure-usage.js';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export class AzureChatChunkConverter {
  private started = false;
  private nextIndex = 0;
  private textIndex: number | undefined;
  private readonly toolIndexes = new Map<number, number>();
  private readonly open = new Set<number>();
  private filtered = false;
  finished = false;
  usage: InferenceUsage | undefined;

  push(chunk: Record<string, unknown>): InferenceStreamPart[] {
    const parts: InferenceStreamPart[] = [];
    if (anyFiltered(chunk.prompt_filter_results)) this.filtered = true;
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    // Azure's first chunk is often only `prompt_filter_results`, with an empty id: the stream starts at the next.
    if (!this.started && choices.length === 0 && chunk.usage == null && (typeof chunk.id !== 'string' || chunk.id === '')) return parts;
    if (!this.started) {
      this.started = true;
      parts.push({ type: 'stream-start', ...(typeof chunk.id === 'string' && chunk.id !== '' ? { id: chunk.id } : {}) });
    }
    const choice = record(choices[0]);
    if (choice !== undefined && !this.finished) {
      if (anyFiltered(choice.content_filter_results)) this.filtered = true;
      this.delta(record(choice.delta), parts);
      if (typeof choice.finish_reason === 'string') parts.push(...this.finish(choice.finish_reason));
    }
    const usage = readAzureUsage(chunk.usage);
    if (usage !== undefined) {
      this.usage = usage;
      parts.push({ type: 'usage', usage });
    }
    return parts;
  }

  private delta(delta: Record<string, unknown> | undefined, parts: InferenceStreamPart[]): void {
    const text = typeof delta?.content === 'string' && delta.content !== '' ? delta.content
      : typeof delta?.refusal === 'string' && delta.refusal !== '' ? delta.refusal : undefined;
    if (text !== undefined) {
      this.textIndex ??= this.openBlock();
      parts.push({ type: 'text-delta', index: this.textIndex, delta: text });
    }
    for (const raw of Array.isArray(delta?.tool_calls) ? delta.tool_calls : []) {
      const call = record(raw);
      const fn = record(call?.function);
      const wireIndex = typeof call?.index === 'number' ? call.index : 0;
      let index = this.toolIndexes.get(wireIndex);
      if (index === undefined) {
        if (this.textIndex !== undefined) this.close(this.textIndex, parts);
        index = this.openBlock();
        this.toolIndexes.set(wireIndex, index);
        parts.push({ type: 'tool-call-start', index, id: typeof call?.id === 'string' ? call.id : `call_${index}`, name: typeof fn?.name === 'string' ? fn.name : '' });
      }
      if (typeof fn?.arguments === 'string' && fn.arguments !== '') parts.push({ type: 'tool-call-delta', index, delta: fn.arguments });
    }
  }

  private openBlock(): number {
    const index = this.nextIndex++;
    this.open.add(index);
    return index;
  }

  private close(index: number, parts: InferenceStreamPart[]): void {
    if (this.open.delete(index)) parts.push({ type: 'block-end', index });
  }

  private finish(raw: string): InferenceStreamPart[] {
    const parts: InferenceStreamPart[] = [];
    for (const index of [...this.open].sort((a, b) => a - b)) this.close(index, parts);
    const reason = mapAzureFinishReason(raw);
    this.finished = true;
    parts.push({ type: 'finish', reason: this.filtered && reason.kind !== 'content-filter' ? { kind: 'content-filter', raw: 'content_filter' } : reason });
    return parts;
  }
}
