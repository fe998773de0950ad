/**
 * An Anthropic message (the Messages API answer, or Claude's InvokeModel answer) -> canonical result: blocks in
 * order (tool input kept as JSON text, thinking with its signature, redacted thinking), the stop reason with
 * Anthropic's word kept, `stop_sequence` in `providerMetadata.anthropic`, usage with the cache counts in the input,
 * and the service tier. A block of another type (server-tool use and results) is kept whole in
 * `providerMetadata.anthropic.otherContent`. Pure.
 */
import { GeorouteError } from '../../errors/error-catalog.js';
import { asJsonValue } from '../../inference/as-json-object.js';
import type { InferenceAssistantPart } from '../../inference/inference-content-parts.js';
import type { JsonObject, JsonValue } from '../../inference/inference-json.js';
import type { InferenceResult } from '../../inference/inference-result.js';
import { anthropicStopReasonToInference } from '../../surfaces/anthropic-messages/map-anthropic-stop-reason.js';
import { anthropicUsageToInference } from '../../surfaces/anthropic-messages/map-anthropic-usage.js';

type Body = Readonly<Record<string, unknown>>;

function record(value: unknown): Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function anthropicBlockToPart(block: Body): InferenceAssistantPart | undefined {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: text(block.text) };
    case 'tool_use':
      return { type: 'tool-call', id: text(block.id), name: text(block.name), input: JSON.stringify(asJsonValue(block.input ?? {})) };
    case 'thinking':
      return { type: 'reasoning', text: text(block.thinking), ...(typeof block.signature === 'string' && block.signature !== '' ? { signature: block.signature } : {}) };
    case 'redacted_thinking':
      return { type: 'redacted-reasoning', data: text(block.data) };
    default:
      return undefined;
  }
}

export function convertAnthropicMessageToInference(message: Body): InferenceResult {
  if (!Array.isArray(message.content) || typeof message.usage !== 'object' || message.usage === null) {
    throw new GeorouteError('upstream_rejected', 'The upstream returned a malformed Anthropic message.');
  }
  const content: InferenceAssistantPart[] = [];
  const otherContent: JsonValue[] = [];
  for (const raw of message.content) {
    const part = anthropicBlockToPart(record(raw));
    if (part === undefined) otherContent.push(asJsonValue(raw));
    else content.push(part);
  }
  const usage = record(message.usage);
  const result: InferenceResult = {
    content,
    finishReason: anthropicStopReasonToInference(typeof message.stop_reason === 'string' ? message.stop_reason : null),
    usage: anthropicUsageToInference(usage),
  };
  if (typeof message.id === 'string') result.id = message.id;
  if (typeof usage.service_tier === 'string') result.serviceTier = usage.service_tier;
  const anthropic: JsonObject = {};
  if (typeof message.stop_sequence === 'string') anthropic.stop_sequence = message.stop_sequence;
  if (otherContent.length > 0) anthropic.otherContent = otherContent;
  if (Object.keys(anthropic).length > 0) result.providerMetadata = { anthropic };
  return result;
}
