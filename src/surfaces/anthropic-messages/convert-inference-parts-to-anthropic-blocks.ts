/**
 * Canonical parts -> Anthropic content blocks, for this surface's answers and the anthropic provider's requests.
 * A cache point becomes `cache_control` on the block before it (in the same list, or the last block of the
 * message before). Tool results that are JSON become text (Anthropic has no JSON block). What Anthropic cannot
 * hold (media in S3, a document type other than PDF or text, reasoning without its signature, a cache point with
 * nothing before it, tool input that is not a JSON object) is an `invalid_request` naming the part. Pure.
 */
import { GeorouteError } from '../../errors/error-catalog.js';
import type {
  InferenceAssistantPart,
  InferenceCachePointPart,
  InferenceDocumentPart,
  InferenceImagePart,
  InferenceSystemPart,
  InferenceToolResultContent,
  InferenceUserPart,
} from '../../inference/inference-content-parts.js';
import type { AnthropicBlock, AnthropicCacheControl, AnthropicMediaSource, AnthropicToolResultContentBlock } from './anthropic-messages-types.js';

const IMAGE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

function cannot(what: string, param: string): GeorouteError {
  return new GeorouteError('invalid_request', `${what} cannot be expressed in an Anthropic Messages request.`, { param });
}

export function cacheControlOf(part: InferenceCachePointPart | { ttl?: string }): AnthropicCacheControl {
  return { type: 'ephemeral', ...(part.ttl === undefined ? {} : { ttl: part.ttl }) };
}

function imageSource(part: InferenceImagePart, param: string): AnthropicMediaSource {
  if (part.source.kind === 'url') return { type: 'url', url: part.source.url };
  if (part.source.kind === 's3') throw cannot('An image in S3', param);
  const mediaType = part.mediaType.toLowerCase() === 'image/jpg' ? 'image/jpeg' : part.mediaType.toLowerCase();
  if (!IMAGE_TYPES.has(mediaType)) throw cannot(`An image of type ${part.mediaType}`, param);
  return { type: 'base64', media_type: mediaType, data: part.source.data };
}

function documentSource(part: InferenceDocumentPart, param: string): AnthropicMediaSource {
  const { source } = part;
  const isText = part.mediaType.toLowerCase().startsWith('text/');
  if (source.kind === 'text') return { type: 'text', media_type: 'text/plain', data: source.text };
  if (source.kind === 'url') return { type: 'url', url: source.url };
  if (source.kind === 's3') throw cannot('A document in S3', param);
  if (isText) return { type: 'text', media_type: 'text/plain', data: Buffer.from(source.data, 'base64').toString('utf8') };
  if (part.mediaType.toLowerCase() !== 'application/pdf') throw cannot(`A document of type ${part.mediaType}`, param);
  return { type: 'base64', media_type: 'application/pdf', data: source.data };
}

function mediaBlock(part: InferenceImagePart | InferenceDocumentPart, param: string): AnthropicToolResultContentBlock {
  if (part.type === 'image') return { type: 'image', source: imageSource(part, param) };
  return { type: 'document', source: documentSource(part, param), ...(part.name === undefined ? {} : { title: part.name }) };
}

function toolResultItem(item: InferenceToolResultContent, param: string): AnthropicToolResultContentBlock {
  if (item.type === 'text') return { type: 'text', text: item.text };
  if (item.type === 'json') return { type: 'text', text: JSON.stringify(item.value) };
  return mediaBlock(item, param);
}

function toolInputObject(input: string, param: string): Record<string, unknown> {
  if (input.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(input);
  } catch {
    throw new GeorouteError('invalid_request', 'Tool call input must be JSON text.', { param });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw cannot('Tool call input that is not a JSON object', param);
  return value as Record<string, unknown>;
}

/** Puts a cache point on the last block written so far, in this list or the one before. */
function attachCachePoint(blocks: AnthropicBlock[], before: AnthropicBlock | undefined, part: InferenceCachePointPart, param: string): void {
  const target = blocks[blocks.length - 1] ?? before;
  if (target === undefined) throw cannot('A cache point with nothing before it', param);
  target.cache_control = cacheControlOf(part);
}

export function userBlocks(parts: readonly InferenceUserPart[], location: string, before?: AnthropicBlock): AnthropicBlock[] {
  const blocks: AnthropicBlock[] = [];
  parts.forEach((part, j) => {
    const param = `${location}[${j}]`;
    switch (part.type) {
      case 'text':
        blocks.push({ type: 'text', text: part.text });
        break;
      case 'image':
      case 'document':
        blocks.push(mediaBlock(part, param));
        break;
      case 'tool-result':
        blocks.push({
          type: 'tool_result',
          tool_use_id: part.toolCallId,
          content: part.content.map((item, k) => toolResultItem(item, `${param}.content[${k}]`)),
          ...(part.isError === true ? { is_error: true } : {}),
        });
        break;
      case 'cache-point':
        attachCachePoint(blocks, before, part, param);
        break;
    }
  });
  return blocks;
}

export function assistantBlocks(parts: readonly InferenceAssistantPart[], location: string, before?: AnthropicBlock): AnthropicBlock[] {
  const blocks: AnthropicBlock[] = [];
  parts.forEach((part, j) => {
    const param = `${location}[${j}]`;
    switch (part.type) {
      case 'text':
        blocks.push({ type: 'text', text: part.text });
        break;
      case 'tool-call':
        blocks.push({ type: 'tool_use', id: part.id, name: part.name, input: toolInputObject(part.input, `${param}.input`) });
        break;
      case 'reasoning':
        if (part.signature === undefined) throw cannot('Reasoning without its signature', param);
        blocks.push({ type: 'thinking', thinking: part.text, signature: part.signature });
        break;
      case 'redacted-reasoning':
        blocks.push({ type: 'redacted_thinking', data: part.data });
        break;
      case 'cache-point':
        attachCachePoint(blocks, before, part, param);
        break;
    }
  });
  return blocks;
}

export function systemBlocks(parts: readonly InferenceSystemPart[]): Array<{ type: 'text'; text: string; cache_control?: AnthropicCacheControl }> {
  const blocks: Array<{ type: 'text'; text: string; cache_control?: AnthropicCacheControl }> = [];
  parts.forEach((part, j) => {
    if (part.type === 'text') blocks.push({ type: 'text', text: part.text });
    else {
      const target = blocks[blocks.length - 1];
      if (target === undefined) throw cannot('A cache point with nothing before it', `system[${j}]`);
      target.cache_control = cacheControlOf(part);
    }
  });
  return blocks;
}
