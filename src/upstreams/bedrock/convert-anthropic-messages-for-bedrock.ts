/**
 * An Anthropic Messages request served by Bedrock's InvokeModel for a Claude deployment: the body loses `model`
 * and `stream` (the path says both) and gains `anthropic_version: bedrock-2023-05-31`; `anthropic_beta` stays.
 * The answer is already Anthropic's: the message bytes as they are, and each stream chunk one Anthropic event
 * (Bedrock's `amazon-bedrock-invocationMetrics` removed from `message_stop`). Pure.
 */
import { BEDROCK_ANTHROPIC_VERSION } from '../../surfaces/anthropic-messages/anthropic-messages-request-schema.js';
import { anthropicEventType } from '../../surfaces/anthropic-messages/anthropic-event-type.js';
import type { UpstreamStreamEvent } from '../upstream-contract.js';

const INVOCATION_METRICS = 'amazon-bedrock-invocationMetrics';

export function convertAnthropicMessagesToBedrockBody(body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { model: _model, stream: _stream, ...rest } = body;
  return { anthropic_version: BEDROCK_ANTHROPIC_VERSION, ...rest };
}

export function convertBedrockChunkToAnthropicEvent(chunk: Uint8Array): UpstreamStreamEvent {
  let data = Buffer.from(chunk).toString('utf8');
  const eventType = anthropicEventType(data);
  if (data.includes(INVOCATION_METRICS)) {
    const { [INVOCATION_METRICS]: _metrics, ...event } = JSON.parse(data) as Record<string, unknown>;
    data = JSON.stringify(event);
  }
  return { format: 'anthropic-messages', eventType, data };
}
