/**
 * Canonical stream parts -> Mistral's chat InvokeModelWithResponseStream chunks: one
 * `{choices: [{index: 0, message: {role: assistant, content: "<delta>"}, stop_reason: null}]}` per text delta,
 * then a last chunk with empty content, the stop reason and Bedrock's `amazon-bedrock-invocationMetrics`, the way
 * Bedrock closes every InvokeModelWithResponseStream. Streamed tool calls: AWS does not show their shape. They are
 * written as Mistral's own API streams them, each call whole in one chunk (`message.tool_calls: [{id, function:
 * {name, arguments}}]`, content empty) once its arguments are complete, before the last chunk (unverified against
 * Bedrock). Reasoning has no place in Mistral's chunks and is left out. Pure.
 */
import type { SurfaceRenderContext, SurfaceStreamRenderer } from '../../../inference/inbound-surface-contract.js';
import type { InferenceStreamPart } from '../../../inference/inference-stream-part.js';
import type { InferenceUsage } from '../../../inference/inference-usage.js';
import type { WireEvent } from '../../../inference/wire-format.js';
import { INVOCATION_METRICS } from '../bedrock-claude-chunk-renderer.js';
import { invocationMetrics } from '../bedrock-invocation-metrics.js';
import { mapInferenceFinishReasonToMistral, type MistralResponseMessage, type MistralResponseToolCall, type MistralStopReason } from './convert-inference-result-to-mistral.js';
import { streamEndedBeforeStop, streamPartError } from '../../stream-renderer-errors.js';

type InvokeWireEvent = WireEvent<'bedrock-invoke'>;

function chunk(message: MistralResponseMessage, stopReason: MistralStopReason | null, extra: Record<string, unknown> = {}): InvokeWireEvent {
  const value = { choices: [{ index: 0, message, stop_reason: stopReason }], ...extra };
  return { format: 'bedrock-invoke', chunk: new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8')) };
}

export class MistralChunkRenderer implements SurfaceStreamRenderer<'bedrock-invoke'> {
  private usage: InferenceUsage | undefined;
  private generated = 0;
  private stop: MistralStopReason | undefined;
  private firstByteLatency: number | undefined;
  private closed = false;
  /** Tool calls being streamed, by canonical block index, until their block ends. */
  private readonly pending = new Map<number, MistralResponseToolCall>();

  constructor(private readonly context: SurfaceRenderContext) {}

  private started(): void {
    this.generated += 1;
    this.firstByteLatency ??= this.context.latencyMs();
  }

  private flush(index: number): InvokeWireEvent[] {
    const call = this.pending.get(index);
    if (call === undefined) return [];
    this.pending.delete(index);
    this.started();
    return [chunk({ role: 'assistant', content: '', tool_calls: [call] }, null)];
  }

  push(part: InferenceStreamPart): InvokeWireEvent[] {
    switch (part.type) {
      case 'text-delta':
        if (part.delta === '') return [];
        this.started();
        return [chunk({ role: 'assistant', content: part.delta }, null)];
      case 'tool-call-start':
        this.pending.set(part.index, { id: part.id, function: { name: part.name, arguments: '' } });
        return [];
      case 'tool-call-delta': {
        const call = this.pending.get(part.index);
        if (call !== undefined) call.function.arguments += part.delta;
        return [];
      }
      case 'block-end':
        return this.flush(part.index);
      case 'usage':
        this.usage = part.usage;
        return [];
      case 'finish':
        this.stop = mapInferenceFinishReasonToMistral(part.reason);
        return [...this.pending.keys()].flatMap((index) => this.flush(index));
      case 'error':
        throw streamPartError(part);
      default:
        return [];
    }
  }

  finish(): InvokeWireEvent[] {
    if (this.closed) return [];
    this.closed = true;
    if (this.stop === undefined) throw streamEndedBeforeStop();
    const latency = this.context.latencyMs();
    const metrics = invocationMetrics(this.usage, this.usage?.outputTokens ?? this.generated, latency, this.firstByteLatency ?? latency);
    return [chunk({ role: 'assistant', content: '' }, this.stop, { [INVOCATION_METRICS]: metrics })];
  }
}
