/**
 * OpenAI chat completion chunks -> canonical stream parts, one chunk at a time (the first choice). Blocks are
 * numbered in order of first appearance: reasoning, text, and one per tool call index; all open blocks close
 * before `finish`. Reasoning is read from `delta.reasoning_details` when a chunk has them (OpenRouter's convention:
 * a block per detail index, signatures, encrypted reasoning as a redacted block of its own), else from
 * `reasoning_content`; a chunk with both says the same thing twice and is read once. The closing usage-only chunk (`stream_options.include_usage`) becomes a
 * `usage` part after the finish.
 */
import type { InferenceStreamPart } from '../../inference/inference-stream-part.js';
import type { ChatChunkDelta, ChatCompletionChunk } from '../../surfaces/openai-chat/openai-chat-types.js';
import { mapOpenAiChatFinishReason } from './map-openai-chat-finish-reason.js';
import { mapOpenAiChatLogprobs } from './map-openai-chat-logprobs.js';
import { mapOpenAiChatUsage } from './map-openai-chat-usage.js';

export class OpenAiChatChunksToInferenceStream {
  private started = false;
  private nextIndex = 0;
  /** Block index by key: `reasoning:<detail index>`, `text`, `tool:<n>`; removed once closed. */
  private readonly open = new Map<string, number>();
  /** Where `reasoning_content` without details goes: the reasoning block last written. */
  private reasoningKey = 'reasoning:0';
  private finished = false;

  private block(key: string, parts: InferenceStreamPart[]): { index: number; opened: boolean } {
    const existing = this.open.get(key);
    if (existing !== undefined) return { index: existing, opened: false };
    // Reasoning precedes the answer, one block after the other: any new block closes an open reasoning block.
    for (const open of [...this.open.keys()]) if (open.startsWith('reasoning:')) this.close(open, parts);
    const index = this.nextIndex++;
    this.open.set(key, index);
    return { index, opened: true };
  }

  private close(key: string, parts: InferenceStreamPart[]): void {
    const index = this.open.get(key);
    if (index === undefined) return;
    parts.push({ type: 'block-end', index });
    this.open.delete(key);
  }

  push(chunk: ChatCompletionChunk): InferenceStreamPart[] {
    const parts: InferenceStreamPart[] = [];
    if (!this.started) {
      this.started = true;
      parts.push({ type: 'stream-start', ...(chunk.id === '' ? {} : { id: chunk.id }) });
    }
    const choice = chunk.choices.find((c) => c.index === 0);
    if (choice !== undefined) {
      const delta = choice.delta;
      this.reasoning(delta, parts);
      const text = delta.content || delta.refusal;
      if (text) parts.push({ type: 'text-delta', index: this.block('text', parts).index, delta: text });
      for (const call of delta.tool_calls ?? []) {
        const { index, opened } = this.block(`tool:${call.index}`, parts);
        if (opened) parts.push({ type: 'tool-call-start', index, id: call.id ?? `call_${index}`, name: call.function?.name ?? '' });
        if (call.function?.arguments) parts.push({ type: 'tool-call-delta', index, delta: call.function.arguments });
      }
      const logprobs = mapOpenAiChatLogprobs(choice.logprobs);
      if (logprobs !== undefined && logprobs.length > 0) parts.push({ type: 'logprobs', tokens: logprobs });
      if (choice.finish_reason !== null && !this.finished) {
        if (chunk.usage) parts.push({ type: 'usage', usage: mapOpenAiChatUsage(chunk.usage) });
        parts.push(...this.finish(choice.finish_reason));
        return parts;
      }
    }
    if (chunk.usage) parts.push({ type: 'usage', usage: mapOpenAiChatUsage(chunk.usage) });
    return parts;
  }

  private reasoning(delta: ChatChunkDelta, parts: InferenceStreamPart[]): void {
    const details = delta.reasoning_details ?? [];
    let textInDetails = false;
    for (const detail of details) {
      const key = detail.index === undefined ? this.reasoningKey : `reasoning:${detail.index}`;
      if (detail.type === 'reasoning.encrypted') {
        parts.push({ type: 'redacted-reasoning', index: this.block(key, parts).index, data: detail.data });
        this.close(key, parts);
        continue;
      }
      this.reasoningKey = key;
      if (detail.text) {
        textInDetails = true;
        parts.push({ type: 'reasoning-delta', index: this.block(key, parts).index, delta: detail.text });
      }
      if (detail.signature) parts.push({ type: 'reasoning-signature', index: this.block(key, parts).index, signature: detail.signature });
    }
    if (!textInDetails && delta.reasoning_content) {
      parts.push({ type: 'reasoning-delta', index: this.block(this.reasoningKey, parts).index, delta: delta.reasoning_content });
    }
  }

  /** Closes every open block and finishes; `reason` undefined when the stream ended without one. */
  finish(reason?: string | null): InferenceStreamPart[] {
    if (this.finished) return [];
    this.finished = true;
    const parts: InferenceStreamPart[] = [];
    if (!this.started) {
      this.started = true;
      parts.push({ type: 'stream-start' });
    }
    for (const index of [...this.open.values()].sort((a, b) => a - b)) parts.push({ type: 'block-end', index });
    this.open.clear();
    parts.push({ type: 'finish', reason: mapOpenAiChatFinishReason(reason ?? 'stop') });
    return parts;
  }
}
