/**
 * Canonical stream parts -> Responses stream events, in the order OpenAI sends them, each with its
 * `sequence_number`: `response.created`, `response.in_progress`; per text block `response.output_item.added`
 * (message), `response.content_part.added`, `response.output_text.delta`..., `response.output_text.done`,
 * `response.content_part.done`, `response.output_item.done`; per tool call `response.output_item.added`
 * (function_call), `response.function_call_arguments.delta`..., `.done`, `response.output_item.done`; per reasoning
 * block the same with `reasoning_text` (with `response.reasoning_summary_part.*` and `reasoning_summary_text.*` when
 * the request asks a summary `auto` or `detailed`: `summarizesReasoning`); then `response.completed` (or
 * `response.incomplete` for a length stop)
 * with the whole response, written when the stream closes so that usage reported after the finish is in it. An
 * upstream error part ends the stream with `response.failed` and an `error` event. Each delta event carries OpenAI's
 * `obfuscation` padding unless the request set `stream_options.include_obfuscation: false`.
 */
import type { SurfaceStreamRenderer } from '../../inference/inbound-surface-contract.js';
import type { InferenceFinishReason, InferenceTokenLogprob } from '../../inference/inference-result.js';
import type { InferenceStreamError, InferenceStreamPart } from '../../inference/inference-stream-part.js';
import type { InferenceUsage } from '../../inference/inference-usage.js';
import { responsesEvent, type ResponsesWireEvent } from './openai-responses-wire-format.js';
import { incompleteReason } from './render-responses-result.js';
import { obfuscationFor } from '../openai-stream-obfuscation.js';
import {
  functionCallItem,
  outputItemId,
  reasoningItem,
  summarizesReasoning,
  renderLogprobs,
  responseObject,
  type ResponsesObject,
  type ResponsesOutputItem,
  type ResponsesRenderInput,
} from './responses-output-items.js';

interface OpenBlock {
  kind: 'text' | 'reasoning' | 'tool';
  outputIndex: number;
  itemId: string;
  text: string;
  signature?: string;
  call?: { id: string; name: string };
  logprobs: InferenceTokenLogprob[];
}

export class ResponsesStreamRenderer implements SurfaceStreamRenderer<'openai-responses'> {
  private sequence = 0;
  private started = false;
  private ended = false;
  private readonly blocks = new Map<number, OpenBlock>();
  private nextOutputIndex = 0;
  /**
   * Text blocks that ended before the finish: their item is done once the stop reason is known, since a length
   * stop makes the message `incomplete`.
   */
  private readonly endedText: number[] = [];
  private readonly output: ResponsesOutputItem[] = [];
  private usage: InferenceUsage | undefined;
  private finishReason: InferenceFinishReason | undefined;
  private serviceTier: string | undefined;

  constructor(private readonly input: ResponsesRenderInput) {}

  private emit(events: ResponsesWireEvent[], type: string, data: Record<string, unknown>): void {
    events.push(responsesEvent(type, { type, sequence_number: this.sequence++, ...data }));
  }

  /** A delta event, padded (`obfuscation`) unless the client turned the padding off. */
  private emitDelta(events: ResponsesWireEvent[], type: string, data: Record<string, unknown> & { delta: string }): void {
    if (this.input.request.stream_options?.include_obfuscation === false) this.emit(events, type, data);
    else this.emit(events, type, { ...data, obfuscation: obfuscationFor(data.delta.length) });
  }

  private snapshot(status: ResponsesObject['status']): ResponsesObject {
    return responseObject(this.input, status, status === 'in_progress' ? [] : [...this.output], status === 'in_progress' ? undefined : this.usage, this.serviceTier);
  }

  private start(events: ResponsesWireEvent[]): void {
    if (this.started) return;
    this.started = true;
    this.emit(events, 'response.created', { response: this.snapshot('in_progress') });
    this.emit(events, 'response.in_progress', { response: this.snapshot('in_progress') });
  }

  private open(events: ResponsesWireEvent[], index: number, kind: OpenBlock['kind'], call?: OpenBlock['call']): OpenBlock {
    const existing = this.blocks.get(index);
    if (existing !== undefined) return existing;
    this.closeEndedText(events);
    const outputIndex = this.nextOutputIndex++;
    const prefix = kind === 'text' ? 'msg' : kind === 'tool' ? 'fc' : 'rs';
    const block: OpenBlock = { kind, outputIndex, itemId: outputItemId(this.input, prefix, outputIndex), text: '', logprobs: [], ...(call === undefined ? {} : { call }) };
    this.blocks.set(index, block);
    const item = kind === 'text'
      ? { id: block.itemId, type: 'message', status: 'in_progress', role: 'assistant', content: [] }
      : kind === 'tool' && call !== undefined
        ? functionCallItem(this.input, block.itemId, { ...call, input: '' }, 'in_progress')
        : reasoningItem(this.input, block.itemId, undefined, undefined, 'in_progress');
    this.emit(events, 'response.output_item.added', { output_index: outputIndex, item });
    if (kind === 'reasoning' && summarizesReasoning(this.input)) {
      this.emit(events, 'response.reasoning_summary_part.added', { item_id: block.itemId, output_index: outputIndex, summary_index: 0, part: { type: 'summary_text', text: '' } });
    } else if (kind !== 'tool') {
      const part = kind === 'text' ? { type: 'output_text', annotations: [], logprobs: [], text: '' } : { type: 'reasoning_text', text: '' };
      this.emit(events, 'response.content_part.added', { item_id: block.itemId, output_index: outputIndex, content_index: 0, part });
    }
    return block;
  }

  private closeEndedText(events: ResponsesWireEvent[]): void {
    for (const index of this.endedText.splice(0)) this.close(events, index);
  }

  private endBlock(events: ResponsesWireEvent[], index: number): void {
    if (this.blocks.get(index)?.kind === 'text' && this.finishReason === undefined) this.endedText.push(index);
    else this.close(events, index);
  }

  private close(events: ResponsesWireEvent[], index: number): void {
    const block = this.blocks.get(index);
    if (block === undefined) return;
    this.blocks.delete(index);
    const at = { item_id: block.itemId, output_index: block.outputIndex };
    let item: ResponsesOutputItem;
    if (block.kind === 'text') {
      const logprobs = renderLogprobs(block.logprobs);
      const part = { type: 'output_text' as const, annotations: [], logprobs, text: block.text };
      this.emit(events, 'response.output_text.done', { ...at, content_index: 0, text: block.text, logprobs });
      this.emit(events, 'response.content_part.done', { ...at, content_index: 0, part });
      const status = this.finishReason !== undefined && incompleteReason(this.finishReason) !== undefined ? 'incomplete' : 'completed';
      item = { id: block.itemId, type: 'message', status, role: 'assistant', content: [part] };
    } else if (block.kind === 'tool' && block.call !== undefined) {
      item = functionCallItem(this.input, block.itemId, { ...block.call, input: block.text }, 'completed');
      this.emit(events, 'response.function_call_arguments.done', { ...at, name: item.name, arguments: block.text });
    } else {
      const text = block.text === '' && block.signature !== undefined ? undefined : block.text;
      if (text !== undefined && summarizesReasoning(this.input)) {
        this.emit(events, 'response.reasoning_summary_text.done', { ...at, summary_index: 0, text });
        this.emit(events, 'response.reasoning_summary_part.done', { ...at, summary_index: 0, part: { type: 'summary_text', text } });
      } else if (text !== undefined) {
        this.emit(events, 'response.reasoning_text.done', { ...at, content_index: 0, text });
        this.emit(events, 'response.content_part.done', { ...at, content_index: 0, part: { type: 'reasoning_text', text } });
      }
      item = reasoningItem(this.input, block.itemId, text, block.signature, 'completed');
    }
    this.output[block.outputIndex] = item;
    this.emit(events, 'response.output_item.done', { output_index: block.outputIndex, item });
  }

  private fail(events: ResponsesWireEvent[], part: InferenceStreamError): void {
    for (const index of [...this.blocks.keys()]) this.close(events, index);
    const code = part.kind === 'throttled' ? 'rate_limit_exceeded' : 'server_error';
    const response = { ...this.snapshot('failed'), error: { code, message: part.message } };
    this.emit(events, 'response.failed', { response });
    this.emit(events, 'error', { code, message: part.message, param: null });
    this.ended = true;
  }

  push(part: InferenceStreamPart): ResponsesWireEvent[] {
    const events: ResponsesWireEvent[] = [];
    if (this.ended) return events;
    if (part.type !== 'usage') this.start(events);
    switch (part.type) {
      case 'stream-start':
        break;
      case 'text-delta': {
        const block = this.open(events, part.index, 'text');
        block.text += part.delta;
        this.emitDelta(events, 'response.output_text.delta', { item_id: block.itemId, output_index: block.outputIndex, content_index: 0, delta: part.delta, logprobs: [] });
        break;
      }
      case 'reasoning-delta': {
        const block = this.open(events, part.index, 'reasoning');
        block.text += part.delta;
        const at = { item_id: block.itemId, output_index: block.outputIndex };
        if (summarizesReasoning(this.input)) this.emitDelta(events, 'response.reasoning_summary_text.delta', { ...at, summary_index: 0, delta: part.delta });
        else this.emitDelta(events, 'response.reasoning_text.delta', { ...at, content_index: 0, delta: part.delta });
        break;
      }
      case 'reasoning-signature':
        this.open(events, part.index, 'reasoning').signature = part.signature;
        break;
      case 'redacted-reasoning': {
        const block = this.open(events, part.index, 'reasoning');
        block.signature = part.data;
        this.close(events, part.index);
        break;
      }
      case 'tool-call-start':
        this.open(events, part.index, 'tool', { id: part.id, name: part.name });
        break;
      case 'tool-call-delta': {
        const block = this.blocks.get(part.index);
        if (block === undefined) break;
        block.text += part.delta;
        this.emitDelta(events, 'response.function_call_arguments.delta', { item_id: block.itemId, output_index: block.outputIndex, delta: part.delta });
        break;
      }
      case 'block-end':
        this.endBlock(events, part.index);
        break;
      case 'logprobs': {
        const text = [...this.blocks.values()].reverse().find((b) => b.kind === 'text');
        text?.logprobs.push(...part.tokens);
        break;
      }
      case 'usage':
        this.usage = part.usage;
        break;
      case 'finish':
        this.finishReason = part.reason;
        if (part.serviceTier !== undefined) this.serviceTier = part.serviceTier;
        this.closeEndedText(events);
        break;
      case 'error':
        this.fail(events, part);
        break;
    }
    return events;
  }

  finish(): ResponsesWireEvent[] {
    const events: ResponsesWireEvent[] = [];
    if (this.ended) return events;
    this.start(events);
    for (const index of [...this.blocks.keys()]) this.close(events, index);
    this.ended = true;
    const incomplete = this.finishReason === undefined ? undefined : incompleteReason(this.finishReason);
    const response = this.snapshot(incomplete === undefined ? 'completed' : 'incomplete');
    if (incomplete !== undefined) response.incomplete_details = { reason: incomplete };
    this.emit(events, incomplete === undefined ? 'response.completed' : 'response.incomplete', { response });
    return events;
  }

  /** The final response once `finish` ran (for the response store). */
  completedResponse(): ResponsesObject {
    const incomplete = this.finishReason === undefined ? undefined : incompleteReason(this.finishReason);
    const response = this.snapshot(incomplete === undefined ? 'completed' : 'incomplete');
    if (incomplete !== undefined) response.incomplete_details = { reason: incomplete };
    return response;
  }
}
