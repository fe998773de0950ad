/**
 * ConverseStream events -> canonical stream parts, one event at a time: `messageStart` opens the stream, block
 * events become block parts with the same index, `messageStop` the finish, `metadata` the usage (cache counts in
 * the input). The finish is held until `metadata` (or the end) so it carries the service tier Bedrock reports
 * there. Pure; the events are those `readConverseStreamEvent` checked.
 */
import type { InferenceFinish, InferenceStreamPart } from '../../inference/inference-stream-part.js';
import type { ConverseStreamEvent } from '../../surfaces/bedrock-converse/converse-types.js';
import { converseStopReasonToInference } from '../../surfaces/bedrock-converse/map-converse-stop-reason.js';
import { converseUsageToInference } from '../../surfaces/bedrock-converse/map-converse-usage.js';

export class ConverseStreamToInference {
  private pendingFinish: InferenceFinish | undefined;
  private finished = false;

  push(event: ConverseStreamEvent): InferenceStreamPart[] {
    switch (event.eventType) {
      case 'messageStart':
        return [{ type: 'stream-start' }];
      case 'contentBlockStart': {
        const toolUse = event.body.start.toolUse;
        return toolUse === undefined ? [] : [{ type: 'tool-call-start', index: event.body.contentBlockIndex, id: toolUse.toolUseId, name: toolUse.name }];
      }
      case 'contentBlockDelta':
        return this.deltaParts(event.body.contentBlockIndex, event.body.delta);
      case 'contentBlockStop':
        return [{ type: 'block-end', index: event.body.contentBlockIndex }];
      case 'messageStop':
        this.pendingFinish = { type: 'finish', reason: converseStopReasonToInference(event.body.stopReason) };
        return [];
      case 'metadata': {
        const tier = (event.body as { serviceTier?: { type?: unknown } }).serviceTier?.type;
        if (this.pendingFinish !== undefined && typeof tier === 'string') this.pendingFinish.serviceTier = tier;
        return [{ type: 'usage', usage: converseUsageToInference(event.body.usage) }, ...this.flush()];
      }
    }
  }

  /** At the end of the events: the finish, if it is still held. */
  end(): InferenceStreamPart[] {
    return this.flush();
  }

  private flush(): InferenceStreamPart[] {
    if (this.pendingFinish === undefined || this.finished) return [];
    this.finished = true;
    return [this.pendingFinish];
  }

  private deltaParts(index: number, delta: Extract<ConverseStreamEvent, { eventType: 'contentBlockDelta' }>['body']['delta']): InferenceStreamPart[] {
    const parts: InferenceStreamPart[] = [];
    if (typeof delta.text === 'string') parts.push({ type: 'text-delta', index, delta: delta.text });
    if (delta.toolUse !== undefined) parts.push({ type: 'tool-call-delta', index, delta: delta.toolUse.input });
    const reasoning = delta.reasoningContent;
    if (typeof reasoning?.text === 'string') parts.push({ type: 'reasoning-delta', index, delta: reasoning.text });
    if (typeof reasoning?.signature === 'string') parts.push({ type: 'reasoning-signature', index, signature: reasoning.signature });
    if (typeof reasoning?.redactedContent === 'string') parts.push({ type: 'redacted-reasoning', index, data: reasoning.redactedContent });
    return parts;
  }
}
