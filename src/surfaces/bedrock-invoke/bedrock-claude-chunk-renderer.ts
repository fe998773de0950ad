/**
 * Canonical stream parts -> the chunks of Claude's InvokeModelWithResponseStream on Bedrock: each chunk one
 * Anthropic event's JSON (`message_start`, `content_block_*`, `message_delta`, `message_stop`; Bedrock sends no
 * `ping`), the last one carrying Bedrock's `amazon-bedrock-invocationMetrics` (input tokens after the cached
 * prefix, output tokens, latency, first-byte latency, cache reads and writes). Pure.
 */
import type { SurfaceRenderContext } from '../../inference/inbound-surface-contract.js';
import type { InferenceStreamPart } from '../../inference/inference-stream-part.js';
import type { InferenceUsage } from '../../inference/inference-usage.js';
import type { WireEvent } from '../../inference/wire-format.js';
import { AnthropicStreamRenderer } from '../anthropic-messages/anthropic-stream-renderer.js';
import { inferenceUsageToAnthropic } from '../anthropic-messages/map-anthropic-usage.js';

export const INVOCATION_METRICS = 'amazon-bedrock-invocationMetrics';

type InvokeWireEvent = WireEvent<'bedrock-invoke'>;

function chunk(json: string): InvokeWireEvent {
  return { format: 'bedrock-invoke', chunk: new Uint8Array(Buffer.from(json, 'utf8')) };
}

export class BedrockClaudeChunkRenderer {
  private readonly events: AnthropicStreamRenderer;
  private usage: InferenceUsage | undefined;
  private firstByteLatency: number | undefined;

  constructor(private readonly context: SurfaceRenderContext) {
    this.events = new AnthropicStreamRenderer(context);
  }

  push(part: InferenceStreamPart): InvokeWireEvent[] {
    if (part.type === 'usage') this.usage = part.usage;
    const events = this.events.push(part);
    if (events.length > 0) this.firstByteLatency ??= this.context.latencyMs();
    return this.chunks(events);
  }

  finish(): InvokeWireEvent[] {
    return this.chunks(this.events.finish());
  }

  private chunks(events: ReadonlyArray<WireEvent<'anthropic-messages'>>): InvokeWireEvent[] {
    return events.flatMap((event) => {
      if (event.eventType === 'ping') return [];
      if (event.eventType !== 'message_stop') return [chunk(event.data)];
      const usage = inferenceUsageToAnthropic(this.usage ?? { inputTokens: 0, outputTokens: 0 });
      const metrics = {
        inputTokenCount: usage.input_tokens,
        outputTokenCount: usage.output_tokens,
        invocationLatency: this.context.latencyMs(),
        firstByteLatency: this.firstByteLatency ?? this.context.latencyMs(),
        cacheReadInputTokenCount: usage.cache_read_input_tokens ?? 0,
        cacheWriteInputTokenCount: usage.cache_creation_input_tokens ?? 0,
      };
      return [chunk(JSON.stringify({ ...(JSON.parse(event.data) as Record<string, unknown>), [INVOCATION_METRICS]: metrics }))];
    });
  }
}
