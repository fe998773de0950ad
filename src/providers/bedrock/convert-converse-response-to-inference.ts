/**
 * Converse response -> canonical result: blocks in order as parts (tool input kept as JSON text, reasoning with its
 * signature, redacted reasoning, cache points; the text of a `citationsContent` block as text), the stop reason with
 * Bedrock's word kept, usage with cache reads and writes counted in the input, the service tier, and
 * `additionalModelResponseFields` in `providerMetadata.bedrock`. Pure.
 */
import { asJsonObject } from '../../inference/as-json-object.js';
import type { InferenceAssistantPart } from '../../inference/inference-content-parts.js';
import type { InferenceResult } from '../../inference/inference-result.js';
import type { ConverseContentBlock, ConverseResponse } from '../../surfaces/bedrock-converse/converse-types.js';
import { converseStopReasonToInference } from '../../surfaces/bedrock-converse/map-converse-stop-reason.js';
import { converseUsageToInference } from '../../surfaces/bedrock-converse/map-converse-usage.js';

function citedText(citations: Record<string, unknown>): string | undefined {
  const content = citations.content;
  if (!Array.isArray(content)) return undefined;
  const texts = content.map((item: unknown) => (typeof item === 'object' && item !== null && 'text' in item && typeof item.text === 'string' ? item.text : ''));
  return texts.join('');
}

export function convertConverseBlockToPart(block: ConverseContentBlock): InferenceAssistantPart | undefined {
  if (block.text !== undefined) return { type: 'text', text: block.text };
  if (block.toolUse !== undefined) return { type: 'tool-call', id: block.toolUse.toolUseId, name: block.toolUse.name, input: JSON.stringify(block.toolUse.input ?? {}) };
  const reasoning = block.reasoningContent;
  if (reasoning?.reasoningText !== undefined) {
    const { text, signature } = reasoning.reasoningText;
    return { type: 'reasoning', text, ...(signature === undefined ? {} : { signature }) };
  }
  if (typeof reasoning?.redactedContent === 'string') return { type: 'redacted-reasoning', data: reasoning.redactedContent };
  if (block.cachePoint !== undefined) return { type: 'cache-point', ...(typeof block.cachePoint.ttl === 'string' ? { ttl: block.cachePoint.ttl } : {}) };
  if (block.citationsContent !== undefined) {
    const text = citedText(block.citationsContent);
    return text === undefined ? undefined : { type: 'text', text };
  }
  return undefined;
}

export function convertConverseResponseToInference(response: ConverseResponse & { serviceTier?: { type?: string } }): InferenceResult {
  const content: InferenceAssistantPart[] = [];
  for (const block of response.output.message.content) {
    const part = convertConverseBlockToPart(block);
    if (part !== undefined) content.push(part);
  }
  const result: InferenceResult = {
    content,
    finishReason: converseStopReasonToInference(response.stopReason),
    usage: converseUsageToInference(response.usage),
  };
  if (typeof response.serviceTier?.type === 'string') result.serviceTier = response.serviceTier.type;
  if (response.additionalModelResponseFields !== undefined) {
    result.providerMetadata = { bedrock: { additionalModelResponseFields: asJsonObject(response.additionalModelResponseFields) } };
  }
  return result;
}
