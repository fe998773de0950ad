/**
 * An Azure OpenAI chat completion as a canonical result: the first choice's text (or refusal) and tool calls in
 * order, the finish reason, usage with cached and reasoning tokens, and Azure's content-filter annotations as
 * provider metadata. A filtered prompt or answer is `content-filter`, whatever `finish_reason` says. Pure.
 */
import type { InferenceAssistantPart } from '../../inference/inference-content-parts.js';
import type { InferenceResult } from '../../inference/inference-result.js';
import { mapAzureFinishReason } from './map-azure-finish-reason.js';
import { anyFiltered, azureFilterMetadata } from './read-azure-content-filter.js';
import { readAzureUsage } from './read-azure-usage.js';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function contentOf(message: Record<string, unknown> | undefined): InferenceAssistantPart[] {
  const parts: InferenceAssistantPart[] = [];
  if (typeof message?.content === 'string' && message.content !== '') parts.push({ type: 'text', text: message.content });
  else if (typeof message?.refusal === 'string' && message.refusal !== '') parts.push({ type: 'text', text: message.refusal });
  const calls = Array.isArray(message?.tool_calls) ? message.tool_calls : [];
  for (const call of calls) {
    const fn = record(record(call)?.function);
    const id = record(call)?.id;
    if (typeof fn?.name === 'string' && typeof id === 'string') {
      parts.push({ type: 'tool-call', id, name: fn.name, input: typeof fn.arguments === 'string' ? fn.arguments : '{}' });
    }
  }
  return parts;
}

export function convertAzureChatResponse(body: Record<string, unknown>): InferenceResult {
  const choice = record(Array.isArray(body.choices) ? body.choices[0] : undefined);
  const metadata = azureFilterMetadata(body, choice);
  const filtered = anyFiltered(body.prompt_filter_results) || anyFiltered(choice?.content_filter_results);
  const finish = mapAzureFinishReason(typeof choice?.finish_reason === 'string' ? choice.finish_reason : undefined);
  return {
    ...(typeof body.id === 'string' ? { id: body.id } : {}),
    content: contentOf(record(choice?.message)),
    finishReason: filtered && finish.kind !== 'content-filter' ? { kind: 'content-filter', raw: 'content_filter' } : finish,
    usage: readAzureUsage(body.usage) ?? { inputTokens: 0, outputTokens: 0 },
    ...(Object.keys(metadata).length === 0 ? {} : { providerMetadata: { azure: metadata } }),
  };
}
