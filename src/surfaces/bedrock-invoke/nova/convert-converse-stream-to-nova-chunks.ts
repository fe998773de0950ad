/**
 * ConverseStream events -> Nova native InvokeModelWithResponseStream chunks (each the JSON a `chunk` frame carries
 * base64-encoded). Nova wraps each event as `{"<eventType>": body}`; the metadata chunk also carries
 * `amazon-bedrock-invocationMetrics`, which Bedrock appends to the last chunk of every invoke stream.
 */
import type { ConverseStreamEvent } from '../../bedrock-converse/converse-types.js';
import { converseUsageToNova } from './map-nova-usage.js';
import type { BedrockInvocationMetrics, NovaStreamChunk } from './nova-native-types.js';

export class ConverseStreamToNovaChunks {
  push(event: ConverseStreamEvent): NovaStreamChunk[] {
    switch (event.eventType) {
      case 'messageStart':
        return [{ messageStart: { role: 'assistant' } }];
      case 'contentBlockStart':
        return [{ contentBlockStart: event.body }];
      case 'contentBlockDelta':
        return [{ contentBlockDelta: event.body }];
      case 'contentBlockStop':
        return [{ contentBlockStop: event.body }];
      case 'messageStop':
        return [{ messageStop: { stopReason: event.body.stopReason } }];
      case 'metadata': {
        const { usage, metrics } = event.body;
        const invocationMetrics: BedrockInvocationMetrics = {
          inputTokenCount: usage.inputTokens,
          outputTokenCount: usage.outputTokens,
          invocationLatency: metrics.latencyMs,
        };
        if (usage.cacheReadInputTokens !== undefined) {
          invocationMetrics.cacheReadInputTokenCount = usage.cacheReadInputTokens;
        }
        if (usage.cacheWriteInputTokens !== undefined) {
          invocationMetrics.cacheWriteInputTokenCount = usage.cacheWriteInputTokens;
        }
        return [
          {
            metadata: { usage: converseUsageToNova(usage), metrics: { latencyMs: metrics.latencyMs } },
            'amazon-bedrock-invocationMetrics': invocationMetrics,
          },
        ];
      }
    }
  }

  /** Nothing is held back; present for the same push/finish contract as the other stream converters. */
  finish(): NovaStreamChunk[] {
    return [];
  }
}
