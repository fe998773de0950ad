/**
 * Canonical stream parts -> ConverseStream events, in the order Bedrock sends them: `messageStart`, per block
 * `contentBlockStart` (tool use only; text and reasoning open with their first delta) / `contentBlockDelta` /
 * `contentBlockStop`, `messageStop` with the stop reason, then `metadata` with usage (cache counts apart) and
 * `metrics.latencyMs`, written when the stream closes so that usage reported after the finish is in it. Pure.
 */
import type { SurfaceRenderContext, SurfaceStreamRenderer } from '../../inference/inbound-surface-contract.js';
import type { InferenceStreamPart } from '../../inference/inference-stream-part.js';
import type { InferenceUsage } from '../../inference/inference-usage.js';
import type { WireEvent } from '../../inference/wire-format.js';
import { inferenceFinishReasonToConverse } from './map-converse-stop-reason.js';
import { inferenceUsageToConverse } from './map-converse-usage.js';
import { streamEndedBeforeStop, streamPartError } from '../stream-renderer-errors.js';

type ConverseWireEvent = WireEvent<'bedrock-converse'>;

function event(eventType: string, body: Record<string, unknown>): ConverseWireEvent {
  return { format: 'bedrock-converse', eventType, body };
}

function delta(index: number, value: Record<string, unknown>): ConverseWireEvent {
  return event('contentBlockDelta', { contentBlockIndex: index, delta: value });
}

export class ConverseStreamRenderer implements SurfaceStreamRenderer<'bedrock-converse'> {
  private started = false;
  private finished = false;
  private closed = false;
  private usage: InferenceUsage | undefined;
  private serviceTier: string | undefined;

  constructor(private readonly context: SurfaceRenderContext) {}

  push(part: InferenceStreamPart): ConverseWireEvent[] {
    const events: ConverseWireEvent[] = [];
    if (!this.started && part.type !== 'usage' && part.type !== 'error') {
      this.started = true;
      events.push(event('messageStart', { role: 'assistant' }));
    }
    switch (part.type) {
      case 'stream-start':
      case 'logprobs': // Converse cannot ask for log probabilities, so none were asked for.
        break;
      case 'text-delta':
        events.push(delta(part.index, { text: part.delta }));
        break;
      case 'reasoning-delta':
        events.push(delta(part.index, { reasoningContent: { text: part.delta } }));
        break;
      case 'reasoning-signature':
        events.push(delta(part.index, { reasoningContent: { signature: part.signature } }));
        break;
      case 'redacted-reasoning':
        events.push(delta(part.index, { reasoningContent: { redactedContent: part.data } }));
        break;
      case 'tool-call-start':
        events.push(event('contentBlockStart', { contentBlockIndex: part.index, start: { toolUse: { toolUseId: part.id, name: part.name } } }));
        break;
      case 'tool-call-delta':
        events.push(delta(part.index, { toolUse: { input: part.delta } }));
        break;
      case 'block-end':
        events.push(event('contentBlockStop', { contentBlockIndex: part.index }));
        break;
      case 'usage':
        this.usage = part.usage;
        break;
      case 'finish':
        this.finished = true;
        this.serviceTier = part.serviceTier;
        events.push(event('messageStop', { stopReason: inferenceFinishReasonToConverse(part.reason) }));
        break;
      case 'error':
        throw streamPartError(part);
    }
    return events;
  }

  finish(): ConverseWireEvent[] {
    if (this.closed) return [];
    this.closed = true;
    if (!this.finished) throw streamEndedBeforeStop();
    const usage = inferenceUsageToConverse(this.usage ?? { inputTokens: 0, outputTokens: 0 });
    return [
      event('metadata', {
        usage,
        metrics: { latencyMs: this.context.latencyMs() },
        ...(this.serviceTier === undefined ? {} : { serviceTier: { type: this.serviceTier } }),
      }),
    ];
  }
}
