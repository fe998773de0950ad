/**
 * OpenAI chat content -> canonical parts, for `convert-chat-request-to-inference.ts`: text, images (data URLs and
 * URLs), a `file` part's bytes as a document, a `prompt_cache_breakpoint` or `cache_control` as a cache point after
 * its part, and what has no canonical part listed by name and place (`Uncarried`), never dropped. Pure.
 */
import type { InferenceAssistantPart, InferenceCachePointPart, InferenceSystemPart, InferenceUserPart } from '../../inference/inference-content-parts.js';
import type { ChatAssistantMessage, ChatFilePart, ChatTextPart, ChatUserContentPart } from './openai-chat-types.js';
import { readBase64DataUrl } from '../../inference/read-base64-data-url.js';
import { reasoningPartsOf } from './convert-reasoning-details.js';

export function texts(content: string | ChatTextPart[]): string[] {
  return typeof content === 'string' ? [content] : content.map((part) => part.text);
}

/**
 * The cache point a part (or a message with string content) asks for after it: OpenAI's `prompt_cache_breakpoint`
 * (its TTL is the request's `prompt_cache_options`), or the `cache_control: {type: ephemeral, ttl?}` that clients
 * written for Anthropic-backed gateways put on OpenAI chat parts and messages (LiteLLM's and OpenRouter's
 * convention), with its TTL. Neither is dropped: Anthropic and Converse write a cache point.
 */
export function cachePointAfter(part: { prompt_cache_breakpoint?: unknown; cache_control?: unknown }): InferenceCachePointPart[] {
  const control = part.cache_control;
  if (typeof control === 'object' && control !== null) {
    const ttl = (control as { ttl?: unknown }).ttl;
    return [{ type: 'cache-point', ...(typeof ttl === 'string' ? { ttl } : {}) }];
  }
  return part.prompt_cache_breakpoint !== undefined && part.prompt_cache_breakpoint !== null ? [{ type: 'cache-point' }] : [];
}

/** A message's own cache point: only where its content is a string (parts say it per part). */
export function messageCachePoint(message: { content?: unknown; cache_control?: unknown }): InferenceCachePointPart[] {
  return typeof message.content === 'string' ? cachePointAfter({ cache_control: message.cache_control }) : [];
}

/** System or developer text as system parts, each breakpoint a cache point. */
export function systemParts(content: string | ChatTextPart[]): InferenceSystemPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content.flatMap((part): InferenceSystemPart[] => [...(part.text === '' ? [] : [{ type: 'text' as const, text: part.text }]), ...cachePointAfter(part)]);
}

/**
 * What has no canonical part (audio input, a file by its Files API id, a custom tool or its call, a tool choice
 * other than a function, the deprecated function messages), by name with where it is, for
 * `providerOptions.openaiContent`: an OpenAI-compatible upstream gets it on the native path, and any converted path
 * refuses the request naming it.
 */
export type Uncarried = Map<string, string[]>;

export function note(uncarried: Uncarried, name: string, location: string): void {
  uncarried.set(name, [...(uncarried.get(name) ?? []), location]);
}

/** A file part's bytes as a document: a data URL gives its media type; bare base64 is a PDF, as OpenAI reads it. */
function filePart(part: ChatFilePart, location: string, uncarried: Uncarried): InferenceUserPart | undefined {
  const { file_data: bytes, filename } = part.file;
  if (bytes === undefined) {
    note(uncarried, 'file_id', `${location}.file.file_id`);
    return undefined;
  }
  const url = readBase64DataUrl(bytes);
  const name = filename === undefined ? {} : { name: filename };
  return { type: 'document', mediaType: url?.mediaType ?? 'application/pdf', source: { kind: 'base64', data: url?.data ?? bytes }, ...name };
}

export function userParts(content: string | ChatUserContentPart[], location: string, uncarried: Uncarried): InferenceUserPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.flatMap((part, k): InferenceUserPart[] => {
    return [...userPart(part, `${location}[${k}]`, uncarried), ...cachePointAfter(part)];
  });
}

function userPart(part: ChatUserContentPart, location: string, uncarried: Uncarried): InferenceUserPart[] {
  if (part.type === 'text') return [{ type: 'text', text: part.text }];
  if (part.type === 'file') {
    const document = filePart(part, location, uncarried);
    return document === undefined ? [] : [document];
  }
  if (part.type === 'input_audio') {
    note(uncarried, 'input_audio', location);
    return [];
  }
  const url = part.image_url.url;
  const data = readBase64DataUrl(url);
  const detail = part.image_url.detail === undefined ? {} : { detail: part.image_url.detail };
  if (data === undefined) return [{ type: 'image', mediaType: 'image/*', source: { kind: 'url', url }, ...detail }];
  return [{ type: 'image', mediaType: data.mediaType, source: { kind: 'base64', data: data.data }, ...detail }];
}

/**
 * An earlier answer's reasoning, before its text and tool calls: `reasoning_details` block by block, signatures and
 * encrypted reasoning included (an entry of another type is listed as `reasoning_details`); without them, a
 * non-empty `reasoning_content` as one reasoning part with no signature. With both, the details win: they say the
 * same thing, and more.
 */
function reasoningParts(message: ChatAssistantMessage, location: string, uncarried: Uncarried): InferenceAssistantPart[] {
  const details = message.reasoning_details;
  if (details !== undefined && details !== null && details.length > 0) {
    return reasoningPartsOf(details, (_, k) => note(uncarried, 'reasoning_details', `${location}.reasoning_details[${k}]`));
  }
  const text = message.reasoning_content;
  return typeof text === 'string' && text !== '' ? [{ type: 'reasoning', text }] : [];
}

export function assistantParts(message: ChatAssistantMessage, location: string, uncarried: Uncarried): InferenceAssistantPart[] {
  const parts: InferenceAssistantPart[] = reasoningParts(message, location, uncarried);
  const reasoningCount = parts.length;
  const content = message.content;
  if (typeof content === 'string') {
    if (content !== '') parts.push({ type: 'text', text: content }, ...messageCachePoint(message));
  } else if (Array.isArray(content)) {
    for (const part of content) {
      parts.push({ type: 'text', text: part.type === 'text' ? part.text : part.refusal });
      if (part.type === 'text') parts.push(...cachePointAfter(part));
    }
  }
  if (parts.length === reasoningCount && typeof message.refusal === 'string' && message.refusal !== '') parts.push({ type: 'text', text: message.refusal });
  (message.tool_calls ?? []).forEach((call, k) => {
    if (call.type === 'function') parts.push({ type: 'tool-call', id: call.id, name: call.function.name, input: call.function.arguments });
    else note(uncarried, 'custom', `${location}.tool_calls[${k}]`);
  });
  const other = message as unknown as Record<string, unknown>;
  if (other.function_call !== undefined && other.function_call !== null) note(uncarried, 'function_call', `${location}.function_call`);
  if (other.audio !== undefined && other.audio !== null) note(uncarried, 'audio', `${location}.audio`);
  return parts;
}
