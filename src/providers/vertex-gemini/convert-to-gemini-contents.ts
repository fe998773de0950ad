/**
 * Canonical system parts and messages as Gemini's `systemInstruction` and `contents`: roles `user` and `model`,
 * text, inline data (base64 images and documents), file data (URLs), `functionCall` (the tool input's JSON text
 * parsed to `args`) and `functionResponse` (named after the call it answers: Gemini matches results by name, so
 * the name is looked up from the earlier call when the caller's wire did not carry it). Reasoning and cache points
 * have no Gemini equivalent in a prompt: the capability check keeps them away unless an operator let them drop.
 * Pure.
 */
import type { InferenceMediaSource, InferenceSystemPart, InferenceToolResultPart } from '../../inference/inference-content-parts.js';
import type { JsonObject, JsonValue } from '../../inference/inference-json.js';
import type { InferenceMessage } from '../../inference/inference-messages.js';

export interface GeminiContents {
  systemInstruction?: JsonObject;
  contents: JsonObject[];
}

function mediaPart(mediaType: string, source: InferenceMediaSource | { kind: 'text'; text: string }): JsonObject | undefined {
  switch (source.kind) {
    case 'base64':
      return { inlineData: { mimeType: mediaType, data: source.data } };
    case 'url':
      return { fileData: { mimeType: mediaType, fileUri: source.url } };
    case 's3':
      return undefined;
    case 'text':
      return { text: source.text };
  }
}

function parseArgs(input: string): JsonObject {
  try {
    const value: unknown = JSON.parse(input === '' ? '{}' : input);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as JsonObject;
  } catch {
    // a malformed input is sent as the text it is
  }
  return { input };
}

function functionResponse(part: InferenceToolResultPart, names: ReadonlyMap<string, string>): JsonObject {
  const name = part.toolName ?? names.get(part.toolCallId) ?? part.toolCallId;
  const texts: string[] = [];
  let json: JsonValue | undefined;
  for (const item of part.content) {
    if (item.type === 'text') texts.push(item.text);
    else if (item.type === 'json') json = item.value;
  }
  const content: JsonValue = json !== undefined && texts.length === 0 ? json : texts.join('\n');
  const isObject = typeof content === 'object' && content !== null && !Array.isArray(content);
  const response: JsonObject = part.isError === true ? { error: content } : isObject ? (content as JsonObject) : { result: content };
  return { functionResponse: { name, response } };
}

export function convertToGeminiContents(system: readonly InferenceSystemPart[], messages: readonly InferenceMessage[]): GeminiContents {
  const systemParts = system.flatMap((part): JsonObject[] => (part.type === 'text' ? [{ text: part.text }] : []));
  const names = new Map<string, string>();
  const contents: JsonObject[] = [];
  for (const message of messages) {
    const parts: JsonObject[] = [];
    if (message.role === 'assistant') {
      for (const part of message.content) {
        if (part.type === 'text') parts.push({ text: part.text });
        else if (part.type === 'tool-call') {
          names.set(part.id, part.name);
          parts.push({ functionCall: { name: part.name, args: parseArgs(part.input) } });
        }
      }
    } else {
      for (const part of message.content) {
        if (part.type === 'text') parts.push({ text: part.text });
        else if (part.type === 'image' || part.type === 'document') {
          const media = mediaPart(part.mediaType, part.source);
          if (media !== undefined) parts.push(media);
        } else if (part.type === 'tool-result') parts.push(functionResponse(part, names));
      }
    }
    if (parts.length === 0) continue;
    const role = message.role === 'assistant' ? 'model' : 'user';
    const previous = contents[contents.length - 1];
    // Gemini wants turns to alternate: consecutive messages of one role are one turn.
    if (previous !== undefined && previous.role === role) (previous.parts as JsonObject[]).push(...parts);
    else contents.push({ role, parts });
  }
  return {
    ...(systemParts.length === 0 ? {} : { systemInstruction: { parts: systemParts } }),
    contents,
  };
}
