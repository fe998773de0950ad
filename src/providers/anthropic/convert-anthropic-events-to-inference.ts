/**
 * Anthropic stream events -> canonical stream parts, one event at a time: `message_start` opens the stream (its
 * id and input usage), `content_block_*` become block parts with the same index, `message_delta` the finish and
 * the cumulative usage, `ping` and `message_stop` nothing. A block of a type with no canonical part (server-tool
 * use) yields nothing, its deltas neither. Pure: events are parsed JSON.
 */
import type { InferenceStreamPart } from '../../inference/inference-stream-part.js';
import type { InferenceUsage } from '../../inference/inference-usage.js';
import { anthropicStopReasonToInference } from '../../surfaces/anthropic-messages/map-anthropic-stop-reason.js';
import { anthropicUsageToInference } from '../../surfaces/anthropic-messages/map-anthropic-usage.js';

type Body = Readonly<Record<string, unknown>>;

function record(value: unknown): Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export class AnthropicEventsToInference {
  private usage: InferenceUsage | undefined;
  private readonly carried = new Set<number>();

  /** The usage reported so far. */
  reportedUsage(): InferenceUsage | undefined {
    return this.usage;
  }

  push(event: Body): InferenceStreamPart[] {
    const index = typeof event.index === 'number' ? event.index : -1;
    switch (event.type) {
      case 'message_start': {
        const message = record(event.message);
        const parts: InferenceStreamPart[] = [{ type: 'stream-start', ...(typeof message.id === 'string' ? { id: message.id } : {}) }];
        if (message.usage !== undefined) {
          this.usage = anthropicUsageToInference(record(message.usage));
          parts.push({ type: 'usage', usage: this.usage });
        }
        return parts;
      }
      case 'content_block_start':
        return this.start(index, record(event.content_block));
      case 'content_block_delta':
        return this.carried.has(index) ? this.delta(index, record(event.delta)) : [];
      case 'content_block_stop':
        return this.carried.delete(index) ? [{ type: 'block-end', index }] : [];
      case 'message_delta': {
        const delta = record(event.delta);
        const parts: InferenceStreamPart[] = [];
        if (event.usage !== undefined) {
          this.usage = anthropicUsageToInference(record(event.usage), this.usage);
          parts.push({ type: 'usage', usage: this.usage });
        }
        const tier = record(event.usage).service_tier;
        parts.push({ type: 'finish', reason: anthropicStopReasonToInference(typeof delta.stop_reason === 'string' ? delta.stop_reason : null), ...(typeof tier === 'string' ? { serviceTier: tier } : {}) });
        return parts;
      }
      default:
        return [];
    }
  }

  private start(index: number, block: Body): InferenceStreamPart[] {
    switch (block.type) {
      case 'text':
        this.carried.add(index);
        return text(block.text) === '' ? [] : [{ type: 'text-delta', index, delta: text(block.text) }];
      case 'thinking':
        this.carried.add(index);
        return text(block.thinking) === '' ? [] : [{ type: 'reasoning-delta', index, delta: text(block.thinking) }];
      case 'redacted_thinking':
        this.carried.add(index);
        return [{ type: 'redacted-reasoning', index, data: text(block.data) }];
      case 'tool_use':
        this.carried.add(index);
        return [{ type: 'tool-call-start', index, id: text(block.id), name: text(block.name) }];
      default:
        return [];
    }
  }

  private delta(index: number, delta: Body): InferenceStreamPart[] {
    switch (delta.type) {
      case 'text_delta':
        return [{ type: 'text-delta', index, delta: text(delta.text) }];
      case 'thinking_delta':
        return [{ type: 'reasoning-delta', index, delta: text(delta.thinking) }];
      case 'signature_delta':
        return [{ type: 'reasoning-signature', index, signature: text(delta.signature) }];
      case 'input_json_delta':
        return [{ type: 'tool-call-delta', index, delta: text(delta.partial_json) }];
      default:
        return [];
    }
  }
}
