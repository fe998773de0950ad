/**
 * Nova native InvokeModelWithResponseStream chunks -> ConverseStream events. Each chunk holds one event as
 * `{"<eventType>": body}`. Nova's metadata may carry no latency; then it is held until `finish()` supplies one
 * (or taken from `amazon-bedrock-invocationMetrics.invocationLatency`). A stream that ended without messageStop
 * or metadata is closed in `finish()` with `end_turn` and usage counted from the text.
 */
import type { ConverseStreamEvent, ConverseUsage } from '../../bedrock-converse/converse-types.js';
import { countTextTokens } from '../../estimate-input-tokens.js';
import { estimatedUsage, novaUsageToConverse } from './map-nova-usage.js';
import type { BedrockInvocationMetrics, NovaStreamChunk } from './nova-native-types.js';

export interface NovaChunksToConverseOptions {
  /** `usage.inputTokens` if the stream never reports usage. */
  estimatedInputTokens?: number;
}

export class NovaChunksToConverseStream {
  private readonly estimatedInputTokens: number;
  private started = false;
  private stopped = false;
  private readonly openBlocks = new Set<number>();
  private reported: ConverseUsage | undefined;
  private invocationMetrics: BedrockInvocationMetrics | undefined;
  private metadataSent = false;
  private outputText = '';

  constructor(options: NovaChunksToConverseOptions = {}) {
    this.estimatedInputTokens = options.estimatedInputTokens ?? 0;
  }

  reportedUsage(): ConverseUsage | undefined {
    return this.reported;
  }

  push(chunk: NovaStreamChunk): ConverseStreamEvent[] {
    const events: ConverseStreamEvent[] = [];
    if (chunk.messageStart !== undefined) this.start(events);
    if (chunk.contentBlockStart !== undefined) {
      this.start(events);
      this.openBlocks.add(chunk.contentBlockStart.contentBlockIndex);
      this.outputText += chunk.contentBlockStart.start.toolUse?.name ?? '';
      events.push({ eventType: 'contentBlockStart', body: chunk.contentBlockStart });
    }
    if (chunk.contentBlockDelta !== undefined) {
      this.start(events);
      const { delta, contentBlockIndex } = chunk.contentBlockDelta;
      this.openBlocks.add(contentBlockIndex);
      this.outputText += (delta.text ?? '') + (delta.toolUse?.input ?? '') + (delta.reasoningContent?.text ?? '');
      events.push({ eventType: 'contentBlockDelta', body: chunk.contentBlockDelta });
    }
    if (chunk.contentBlockStop !== undefined) {
      this.openBlocks.delete(chunk.contentBlockStop.contentBlockIndex);
      events.push({ eventType: 'contentBlockStop', body: chunk.contentBlockStop });
    }
    if (chunk.messageStop !== undefined) {
      this.start(events);
      this.stopped = true;
      events.push({ eventType: 'messageStop', body: { stopReason: chunk.messageStop.stopReason } });
    }
    const metrics = chunk['amazon-bedrock-invocationMetrics'];
    if (metrics !== undefined) this.invocationMetrics = metrics;
    if (chunk.metadata !== undefined) {
      this.reported = novaUsageToConverse(chunk.metadata.usage);
      const latencyMs = chunk.metadata.metrics?.latencyMs ?? metrics?.invocationLatency;
      if (latencyMs !== undefined) this.sendMetadata(this.reported, latencyMs, events);
    }
    return events;
  }

  finish(options: { latencyMs: number }): ConverseStreamEvent[] {
    const events: ConverseStreamEvent[] = [];
    this.start(events);
    if (!this.stopped) {
      for (const index of [...this.openBlocks].sort((a, b) => a - b)) {
        events.push({ eventType: 'contentBlockStop', body: { contentBlockIndex: index } });
      }
      this.openBlocks.clear();
      this.stopped = true;
      events.push({ eventType: 'messageStop', body: { stopReason: 'end_turn' } });
    }
    const metrics = this.invocationMetrics;
    const usage =
      this.reported ??
      (metrics !== undefined
        ? novaUsageToConverse({ inputTokens: metrics.inputTokenCount, outputTokens: metrics.outputTokenCount })
        : estimatedUsage(this.estimatedInputTokens, countTextTokens(this.outputText)));
    this.sendMetadata(usage, metrics?.invocationLatency ?? options.latencyMs, events);
    return events;
  }

  private start(events: ConverseStreamEvent[]): void {
    if (this.started) return;
    this.started = true;
    events.push({ eventType: 'messageStart', body: { role: 'assistant' } });
  }

  private sendMetadata(usage: ConverseUsage, latencyMs: number, events: ConverseStreamEvent[]): void {
    if (this.metadataSent) return;
    this.metadataSent = true;
    events.push({ eventType: 'metadata', body: { usage, metrics: { latencyMs } } });
  }
}
