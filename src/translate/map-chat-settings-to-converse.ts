/**
 * The OpenAI chat settings that have a real Converse equivalent: structured output (`response_format` ->
 * `outputConfig.textFormat`, the schema as JSON text), `service_tier` -> `serviceTier`, `metadata` ->
 * `requestMetadata`, and `reasoning_effort` -> the model family's own reasoning field (a thinking budget for
 * Anthropic models, `reasoningConfig` for Nova). Settings without an equivalent are never silently dropped: a
 * deployment that would have to drop them is no candidate (src/capabilities/).
 */
import type { ConverseRequest } from '../surfaces/bedrock-converse/converse-types.js';
import type { ChatRequest } from '../surfaces/openai-chat/openai-chat-types.js';
import type { ChatToConverseOptions } from './convert-chat-request-to-converse.js';

/** Thinking budgets (tokens) for an OpenAI reasoning effort, for model families that take a budget. */
export const THINKING_BUDGET_FOR_EFFORT: Readonly<Record<'minimal' | 'low' | 'medium' | 'high', number>> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 24576,
};

const NOVA_EFFORT: Readonly<Record<'minimal' | 'low' | 'medium' | 'high', string>> = { minimal: 'low', low: 'low', medium: 'medium', high: 'high' };

function reasoningFields(effort: ChatRequest['reasoning_effort'], nativeFormat: string | undefined): Record<string, unknown> | undefined {
  if (effort === undefined || effort === null || effort === 'none') return undefined;
  if (nativeFormat === 'anthropic') return { thinking: { type: 'enabled', budget_tokens: THINKING_BUDGET_FOR_EFFORT[effort] } };
  if (nativeFormat === 'nova') return { reasoningConfig: { type: 'enabled', maxReasoningEffort: NOVA_EFFORT[effort] } };
  return undefined;
}

export function applyEquivalentSettings(chat: ChatRequest, converse: ConverseRequest, options: ChatToConverseOptions): void {
  const format = chat.response_format;
  if (format?.type === 'json_schema' && format.json_schema !== undefined) {
    const { name, description, schema } = format.json_schema;
    converse.outputConfig = {
      textFormat: {
        type: 'json_schema',
        structure: { jsonSchema: { schema: JSON.stringify(schema ?? { type: 'object' }), name, ...(description === undefined ? {} : { description }) } },
      },
    };
  } else if (format?.type === 'json_object') {
    converse.outputConfig = { textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: '{"type":"object"}', name: 'json_object' } } } };
  }
  if (typeof chat.service_tier === 'string') converse.serviceTier = { type: chat.service_tier === 'auto' ? 'default' : chat.service_tier };
  if (chat.metadata) converse.requestMetadata = { ...chat.metadata };
  const reasoning = reasoningFields(chat.reasoning_effort, options.nativeFormat);
  if (reasoning !== undefined) converse.additionalModelRequestFields = { ...converse.additionalModelRequestFields, ...reasoning };
}
