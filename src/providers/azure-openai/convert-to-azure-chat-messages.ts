/**
 * Canonical system parts and messages as Azure OpenAI chat `messages`: system text becomes one `system` message,
 * a user message's tool results become `tool` messages before the rest of its content, an assistant's tool calls
 * become `tool_calls` (the input's JSON text as `arguments`, byte for byte), a document given as text is text.
 * Reasoning, documents as bytes and media in S3 have no chat equivalent, cache points no marker (Azure caches
 * prefixes on its own): the capability check keeps requests with them away unless an operator let them drop.
 * Pure.
 */
import type { InferenceImagePart, InferenceSystemPart, InferenceToolResultPart } from '../../inference/inference-content-parts.js';
import type { InferenceMessage } from '../../inference/inference-messages.js';
import type { JsonObject, JsonValue } from '../../inference/inference-json.js';

type ChatContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string; detail?: string } };

function imageUrl(part: InferenceImagePart): ChatContentPart | undefined {
  const source = part.source;
  const url = source.kind === 'base64' ? `data:${part.mediaType};base64,${source.data}` : source.kind === 'url' ? source.url : undefined;
  if (url === undefined) return undefined;
  return { type: 'image_url', image_url: { url, ...(part.detail === undefined ? {} : { detail: part.detail }) } };
}

function toolResultText(part: InferenceToolResultPart): string {
  const texts = part.content.map((item) => {
    switch (item.type) {
      case 'text':
        return item.text;
      case 'json':
        return JSON.stringify(item.value);
      case 'image':
      case 'document':
        return '';
    }
  });
  return texts.filter((text) => text !== '').join('\n');
}

function systemMessages(system: readonly InferenceSystemPart[]): JsonObject[] {
  const text = system.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n\n');
  return text === '' ? [] : [{ role: 'system', content: text }];
}

function userMessages(content: Extract<InferenceMessage, { role: 'user' }>['content']): JsonObject[] {
  const messages: JsonObject[] = [];
  const parts: ChatContentPart[] = [];
  for (const part of content) {
    switch (part.type) {
      case 'tool-result':
        messages.push({ role: 'tool', tool_call_id: part.toolCallId, content: toolResultText(part) });
        break;
      case 'text':
        parts.push({ type: 'text', text: part.text });
        break;
      case 'image': {
        const image = imageUrl(part);
        if (image !== undefined) parts.push(image);
        break;
      }
      case 'document':
        if (part.source.kind === 'text') parts.push({ type: 'text', text: part.source.text });
        break;
      case 'cache-point':
        break;
    }
  }
  if (parts.length > 0) {
    const onlyText = parts.every((part) => part.type === 'text');
    const value: JsonValue = onlyText ? parts.map((part) => (part.type === 'text' ? part.text : '')).join('') : (parts as unknown as JsonValue);
    messages.push({ role: 'user', content: value });
  }
  return messages;
}

function assistantMessage(content: Extract<InferenceMessage, { role: 'assistant' }>['content']): JsonObject {
  const text: string[] = [];
  const calls: JsonObject[] = [];
  for (const part of content) {
    switch (part.type) {
      case 'text':
        text.push(part.text);
        break;
      case 'tool-call':
        calls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.input } });
        break;
      case 'reasoning':
      case 'redacted-reasoning':
      case 'cache-point':
        break;
    }
  }
  return { role: 'assistant', content: text.length === 0 ? null : text.join(''), ...(calls.length === 0 ? {} : { tool_calls: calls }) };
}

export function convertToAzureChatMessages(system: readonly InferenceSystemPart[], messages: readonly InferenceMessage[]): JsonObject[] {
  const out = systemMessages(system);
  for (const message of messages) {
    if (message.role === 'user') out.push(...userMessages(message.content));
    else out.push(assistantMessage(message.content));
  }
  return out;
}
