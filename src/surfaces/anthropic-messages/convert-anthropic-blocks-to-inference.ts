/**
 * Anthropic content blocks -> canonical parts. `cache_control` on a block becomes a cache point right after its
 * part (with the ttl); inside a tool result it becomes a cache point after the tool result. What has no canonical
 * part (server-tool blocks, search results, citations, document context, a file or content-block document source,
 * a file image source, image transformations, a tool call's non-direct caller, a toolset name) is listed by name
 * with where it is, for `providerOptions.anthropicContent`: Anthropic upstreams get it on the native path, any
 * other refuses the request naming it. A member sent as null is one left out. Pure; the blocks are those the
 * request schema checked.
 */
import { asJsonValue } from '../../inference/as-json-object.js';
import type {
  InferenceAssistantPart,
  InferenceCachePointPart,
  InferenceDocumentPart,
  InferenceImagePart,
  InferenceToolResultContent,
  InferenceUserPart,
} from '../../inference/inference-content-parts.js';

export type Uncarried = Map<string, string[]>;

type Block = Readonly<Record<string, unknown>>;

export function noteUncarried(uncarried: Uncarried, name: string, location: string): void {
  uncarried.set(name, [...(uncarried.get(name) ?? []), location]);
}

function record(value: unknown): Block {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Block) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function cachePointOf(block: Block): InferenceCachePointPart[] {
  if (block.cache_control == null) return [];
  const ttl = record(block.cache_control).ttl;
  return [typeof ttl === 'string' ? { type: 'cache-point', ttl } : { type: 'cache-point' }];
}

function imagePart(block: Block, location: string, uncarried: Uncarried): InferenceImagePart | undefined {
  const source = record(block.source);
  if (block.transformations != null) noteUncarried(uncarried, 'transformations', `${location}.transformations`);
  if (source.type === 'url') return { type: 'image', mediaType: 'image/*', source: { kind: 'url', url: text(source.url) } };
  if (source.type === 'base64') return { type: 'image', mediaType: text(source.media_type), source: { kind: 'base64', data: text(source.data) } };
  noteUncarried(uncarried, `${text(source.type)} image source`, `${location}.source`);
  return undefined;
}

function documentPart(block: Block, location: string, uncarried: Uncarried): InferenceDocumentPart | undefined {
  const source = record(block.source);
  const name = typeof block.title === 'string' ? { name: block.title } : {};
  if (block.context != null) noteUncarried(uncarried, 'context', `${location}.context`);
  if (block.citations != null) noteUncarried(uncarried, 'citations', `${location}.citations`);
  switch (source.type) {
    case 'base64':
      return { type: 'document', mediaType: text(source.media_type), source: { kind: 'base64', data: text(source.data) }, ...name };
    case 'text':
      return { type: 'document', mediaType: text(source.media_type) || 'text/plain', source: { kind: 'text', text: text(source.data) }, ...name };
    case 'url':
      return { type: 'document', mediaType: 'application/pdf', source: { kind: 'url', url: text(source.url) }, ...name };
    default:
      noteUncarried(uncarried, `${text(source.type)} document source`, `${location}.source`);
      return undefined;
  }
}

function textPart(block: Block, location: string, uncarried: Uncarried): { type: 'text'; text: string } {
  if (block.citations != null) noteUncarried(uncarried, 'citations', `${location}.citations`);
  return { type: 'text', text: text(block.text) };
}

function toolResultContent(content: unknown, location: string, uncarried: Uncarried): { parts: InferenceToolResultContent[]; cached: boolean } {
  if (typeof content === 'string') return { parts: [{ type: 'text', text: content }], cached: false };
  const parts: InferenceToolResultContent[] = [];
  let cached = false;
  (Array.isArray(content) ? content : []).forEach((item: unknown, k) => {
    const block = record(item);
    const where = `${location}.content[${k}]`;
    cached ||= block.cache_control != null;
    let part: InferenceToolResultContent | undefined;
    if (block.type === 'text') part = textPart(block, where, uncarried);
    else if (block.type === 'image') part = imagePart(block, where, uncarried);
    else if (block.type === 'document') part = documentPart(block, where, uncarried);
    else noteUncarried(uncarried, text(block.type), where);
    if (part !== undefined) parts.push(part);
  });
  return { parts, cached };
}

export function userPartsOf(blocks: readonly Block[], location: string, uncarried: Uncarried): InferenceUserPart[] {
  const parts: InferenceUserPart[] = [];
  blocks.forEach((block, j) => {
    const where = `${location}[${j}]`;
    if (block.type === 'text') parts.push(textPart(block, where, uncarried));
    else if (block.type === 'image' || block.type === 'document') {
      const media = block.type === 'image' ? imagePart(block, where, uncarried) : documentPart(block, where, uncarried);
      if (media === undefined) return;
      parts.push(media);
    } else if (block.type === 'tool_result') {
      if (block.toolset_name != null) noteUncarried(uncarried, 'toolset_name', `${where}.toolset_name`);
      const { parts: content, cached } = toolResultContent(block.content ?? [], where, uncarried);
      parts.push({ type: 'tool-result', toolCallId: text(block.tool_use_id), content, ...(block.is_error === true ? { isError: true } : {}) });
      if (cached && block.cache_control == null) parts.push({ type: 'cache-point' });
    } else {
      noteUncarried(uncarried, text(block.type), where);
      return;
    }
    parts.push(...cachePointOf(block));
  });
  return parts;
}

export function assistantPartsOf(blocks: readonly Block[], location: string, uncarried: Uncarried): InferenceAssistantPart[] {
  const parts: InferenceAssistantPart[] = [];
  blocks.forEach((block, j) => {
    const where = `${location}[${j}]`;
    if (block.type === 'text') parts.push(textPart(block, where, uncarried));
    else if (block.type === 'tool_use') {
      if (block.caller !== undefined && record(block.caller).type !== 'direct') noteUncarried(uncarried, 'caller', `${where}.caller`);
      if (block.toolset_name != null) noteUncarried(uncarried, 'toolset_name', `${where}.toolset_name`);
      parts.push({ type: 'tool-call', id: text(block.id), name: text(block.name), input: JSON.stringify(asJsonValue(block.input ?? {})) });
    }
    else if (block.type === 'thinking') parts.push({ type: 'reasoning', text: text(block.thinking), signature: text(block.signature) });
    else if (block.type === 'redacted_thinking') parts.push({ type: 'redacted-reasoning', data: text(block.data) });
    else {
      noteUncarried(uncarried, text(block.type), where);
      return;
    }
    parts.push(...cachePointOf(block));
  });
  return parts;
}
