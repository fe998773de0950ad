/**
 * Canonical stream parts -> Llama's InvokeModelWithResponseStream chunks: one
 * `{generation, prompt_token_count, generation_token_count, stop_reason: null}` per text delta
 * (`prompt_token_count` on the first only, else null), then a last chunk with empty `generation`, the stop reason
 * and Bedrock's `amazon-bedrock-invocationMetrics`, the way Bedrock closes every InvokeModelWithResponseStream.
 * An upstream that reports input usage only at its end (OpenAI chat) cannot fill the first chunk's count: then the
 * last chunk carries `prompt_token_count` instead, so exactly one chunk has it. Pure.
 */
import type { SurfaceRenderContext, SurfaceStreamRenderer } from '../../../inference/inbound-surface-contract.js';
import type { InferenceStreamPart } from '../../../inference/inference-stream-part.js';
import type { InferenceUsage } from '../../../inference/inference-usage.js';
import type { WireEvent } from '../../../inference/wire-format.js';
import { INVOCATION_METRICS } from '../bedrock-claude-chunk-renderer.js';
import { invocationMetrics } from '../bedrock-invocation-metrics.js';
import { mapInferenceFinishReasonToLlama, type LlamaStopReason } from './convert-inference-result-to-llama.js';
import { streamEndedBeforeStop, streamPartError } from '../../stream-renderer-errors.js';

type InvokeWireEvent = WireEvent<'bedrock-invoke'>;

function chunk(value: Record<string, unknown>): InvokeWireEvent {
  return { format: 'bedrock-invoke', chunk: new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8')) };
}

export class LlamaChunkRenderer implements SurfaceStreamRenderer<'bedrock-invoke'> {
  private usage: InferenceUsage | undefined;
  private generated = 0;
  private stop: LlamaStopReason | undefined;
  private firstByteLatency: number | undefined;
  private promptCountSent = false;
  private closed = false;

  constructor(private readonly context: SurfaceRenderContext) {}

  push(part: InferenceStreamPart): InvokeWireEvent[] {
    switch (part.type) {
      case 'text-delta': {
        if (part.delta === '') return [];
        this.generated += 1;
        this.firstByteLatency ??= this.context.latencyMs();
        const promptTokens = this.generated === 1 ? (this.usage?.inputTokens ?? null) : null;
        if (promptTokens !== null) this.promptCountSent = true;
        return [chunk({ generation: part.delta, prompt_token_count: promptTokens, generation_token_count: this.generated, stop_reason: null })];
      }
      case 'usage':
        this.usage = part.usage;
        return [];
      case 'finish':
        this.stop = mapInferenceFinishReasonToLlama(part.reason);
        return [];
      case 'error':
        throw streamPartError(part);
      default:
        // Reasoning and tool calls: a Llama body asks for neither, and its chunks have no place for them.
        return [];
    }
  }

  finish(): InvokeWireEvent[] {
    if (this.closed) return [];
    this.closed = true;
    if (this.stop === undefined) throw streamEndedBeforeStop();
    const outputTokens = this.usage?.outputTokens ?? this.generated;
    const latency = this.context.latencyMs();
    const metrics = invocationMetrics(this.usage, outputTokens, latency, this.firstByteLatency ?? latency);
    const promptTokens = this.promptCountSent ? null : (this.usage?.inputTokens ?? null);
    return [chunk({ generation: '', prompt_token_count: promptTokens, generation_token_count: outputTokens, stop_reason: this.stop, [INVOCATION_METRICS]: metrics })];
  }
}
