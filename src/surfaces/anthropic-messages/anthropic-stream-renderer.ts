/**
 * Canonical stream parts -> Anthropic stream events, named and shaped as Anthropic sends them: `message_start`
 * (with the input usage when the upstream reported it before any content), a `ping` after the first
 * `content_block_start`, per block `content_block_start` / `content_block_delta` (`text_delta`, `thinking_delta`,
 * `signature_delta`, `input_json_delta`) / `content_block_stop`, then `message_delta` with the stop reason and the
 * cumulative usage, and `message_stop`, written when the stream closes so usage reported after the finish is in
 * it. Pure.
 */
import type { SurfaceRenderContext, SurfaceStreamRenderer } from '../../inference/inbound-surface-contract.js';
import type { InferenceFinish, InferenceStreamPart } from '../../inference/inference-stream-part.js';
import type { InferenceUsage } from '../../inference/inference-usage.js';
import type { WireEvent } from '../../inference/wire-format.js';
import { anthropicMessageId } from './convert-inference-result-to-anthropic-message.js';
import { inferenceFinishReasonToAnthropic } from './map-anthropic-stop-reason.js';
import { inferenceUsageToAnthropic } from './map-anthropic-usage.js';
import { streamEndedBeforeStop, streamPartError } from '../stream-renderer-errors.js';

type AnthropicWireEvent = WireEvent<'anthropic-messages'>;

function event(data: Record<string, unknown> & { type: string }): AnthropicWireEvent {
  return { format: 'anthropic-messages', eventType: data.type, data: JSON.stringify(data) };
}

export class AnthropicStreamRenderer implements SurfaceStreamRenderer<'anthropic-messages'> {
  private id: string | undefined;
  private messageStarted = false;
  private pinged = false;
  private readonly openBlocks = new Set<number>();
  private usage: InferenceUsage | undefined;
  private finishPart: InferenceFinish | undefined;
  private closed = false;

  constructor(private readonly context: SurfaceRenderContext) {}

  push(part: InferenceStreamPart): AnthropicWireEvent[] {
    if (part.type === 'error') throw streamPartError(part);
    if (part.type === 'stream-start') {
      this.id = part.id;
      return [];
    }
    if (part.type === 'usage') {
      this.usage = part.usage;
      return this.messageStarted ? [] : this.startMessage();
    }
    const events = this.messageStarted ? [] : this.startMessage();
    switch (part.type) {
      case 'text-delta':
        events.push(...this.open(part.index, { type: 'text', text: '' }), this.delta(part.index, { type: 'text_delta', text: part.delta }));
        break;
      case 'reasoning-delta':
        events.push(...this.open(part.index, { type: 'thinking', thinking: '', signature: '' }), this.delta(part.index, { type: 'thinking_delta', thinking: part.delta }));
        break;
      case 'reasoning-signature':
        events.push(...this.open(part.index, { type: 'thinking', thinking: '', signature: '' }), this.delta(part.index, { type: 'signature_delta', signature: part.signature }));
        break;
      case 'redacted-reasoning':
        events.push(...this.open(part.index, { type: 'redacted_thinking', data: part.data }));
        break;
      case 'tool-call-start':
        events.push(...this.open(part.index, { type: 'tool_use', id: part.id, name: part.name, input: {} }));
        break;
      case 'tool-call-delta':
        events.push(this.delta(part.index, { type: 'input_json_delta', partial_json: part.delta }));
        break;
      case 'block-end':
        if (this.openBlocks.delete(part.index)) events.push(event({ type: 'content_block_stop', index: part.index }));
        break;
      case 'finish':
        this.finishPart = part;
        break;
      case 'logprobs': // Messages cannot ask for log probabilities, so none were asked for.
        break;
    }
    return events;
  }

  finish(): AnthropicWireEvent[] {
    if (this.closed) return [];
    this.closed = true;
    if (this.finishPart === undefined) throw streamEndedBeforeStop();
    const events = this.messageStarted ? [] : this.startMessage();
    if (!this.pinged) events.push(this.ping());
    for (const index of this.openBlocks) events.push(event({ type: 'content_block_stop', index }));
    this.openBlocks.clear();
    const usage = inferenceUsageToAnthropic(this.usage ?? { inputTokens: 0, outputTokens: 0 });
    events.push(
      event({
        type: 'message_delta',
        delta: { stop_reason: inferenceFinishReasonToAnthropic(this.finishPart.reason), stop_sequence: null },
        usage: { ...usage, ...(this.finishPart.serviceTier === undefined ? {} : { service_tier: this.finishPart.serviceTier }) },
      }),
      event({ type: 'message_stop' }),
    );
    return events;
  }

  private startMessage(): AnthropicWireEvent[] {
    this.messageStarted = true;
    const usage = inferenceUsageToAnthropic(this.usage ?? { inputTokens: 0, outputTokens: 0 });
    const message = {
      id: anthropicMessageId(this.id, this.context.requestId),
      type: 'message',
      role: 'assistant',
      model: this.context.requestedModelId,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage,
    };
    return [event({ type: 'message_start', message })];
  }

  private ping(): AnthropicWireEvent {
    this.pinged = true;
    return event({ type: 'ping' });
  }

  private open(index: number, block: Record<string, unknown>): AnthropicWireEvent[] {
    if (this.openBlocks.has(index)) return [];
    this.openBlocks.add(index);
    const events = [event({ type: 'content_block_start', index, content_block: block })];
    if (!this.pinged) events.push(this.ping());
    return events;
  }

  private delta(index: number, delta: Record<string, unknown>): AnthropicWireEvent {
    return event({ type: 'content_block_delta', index, delta });
  }
}
