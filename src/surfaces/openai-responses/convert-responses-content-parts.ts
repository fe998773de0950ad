/**
 * The content parts of Responses messages and function outputs -> canonical parts. An image or file given by its
 * Files API id, `input_image.detail: original`, `input_file.detail` other than `auto`, audio, and media in an
 * assistant, system or developer message have no canonical part: they are noted by where they are as Responses-only
 * features. `prompt_cache_breakpoint` marks the exact end of a reusable prefix: a canonical cache point after the
 * part (inside a function output, where the canonical model has no cache point, it is Responses-only). Pure.
 */
import type { InferenceAssistantPart, InferenceSystemPart, InferenceToolResultContent, InferenceUserPart } from '../../inference/inference-content-parts.js';
import { GeorouteError } from '../../errors/error-catalog.js';
import { readBase64DataUrl } from '../../inference/read-base64-data-url.js';
import type { ResponsesInputContentPart, ResponsesMessageContentPart } from './responses-request-schema.js';
import type { ResponsesOnlyFeatures } from './responses-only-features.js';
import { responsesOnlyMember } from './responses-setting-names.js';

function mediaSource(url: string): { mediaType?: string; source: { kind: 'base64'; data: string } | { kind: 'url'; url: string } } {
  const data = readBase64DataUrl(url);
  if (data === undefined) return { source: { kind: 'url', url } };
  return { mediaType: data.mediaType, source: { kind: 'base64', data: data.data } };
}

/** One part as canonical content, or undefined when it has none (then it is noted in `only`). */
function contentPart(part: ResponsesMessageContentPart, only: ResponsesOnlyFeatures, where: string): InferenceToolResultContent | undefined {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: part.text };
    case 'refusal':
      return { type: 'text', text: part.refusal };
    case 'input_image': {
      if (typeof part.image_url !== 'string') {
        only.add('input_image_file_id');
        return undefined;
      }
      const { mediaType, source } = mediaSource(part.image_url);
      if (part.detail === 'original') only.at('image_detail_original', `${where}.detail`);
      const detail = part.detail === 'low' || part.detail === 'high' || part.detail === 'auto' ? { detail: part.detail } : {};
      return { type: 'image', mediaType: mediaType ?? 'image/*', source, ...detail };
    }
    case 'input_file': {
      // `auto` is the documented default: it asks nothing.
      if (part.detail === 'low' || part.detail === 'high') only.at('file_detail', `${where}.detail`);
      const name = typeof part.filename === 'string' ? { name: part.filename } : {};
      if (typeof part.file_data === 'string') {
        const { mediaType, source } = mediaSource(part.file_data);
        const data = source.kind === 'base64' ? source : { kind: 'base64' as const, data: part.file_data };
        return { type: 'document', mediaType: mediaType ?? 'application/pdf', source: data, ...name };
      }
      if (typeof part.file_url === 'string') return { type: 'document', mediaType: 'application/pdf', source: { kind: 'url', url: part.file_url }, ...name };
      if (typeof part.file_id === 'string') {
        only.add('input_file_file_id');
        return undefined;
      }
      throw new GeorouteError('invalid_request', `${where}: an input_file needs file_data, file_url or file_id.`, { param: where });
    }
    case 'input_audio':
      only.add(responsesOnlyMember('input', 'input_audio'));
      return undefined;
  }
}

function marksCacheBreakpoint(part: ResponsesMessageContentPart): boolean {
  return 'prompt_cache_breakpoint' in part && part.prompt_cache_breakpoint != null;
}

/** A user message's content: each part, and a cache point after each part that marks a breakpoint. */
export function userParts(content: string | ResponsesMessageContentPart[], only: ResponsesOnlyFeatures, where: string): InferenceUserPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.flatMap((part, i): InferenceUserPart[] => {
    const converted = contentPart(part, only, `${where}.content[${i}]`);
    const parts: InferenceUserPart[] = converted === undefined || converted.type === 'json' ? [] : [converted];
    return marksCacheBreakpoint(part) ? [...parts, { type: 'cache-point' }] : parts;
  });
}

/** Text of a message whose canonical turn holds no media (assistant, system, developer); media is noted by where it is. */
function textParts(content: string | ResponsesMessageContentPart[], only: ResponsesOnlyFeatures, where: string, media: string): Array<{ type: 'text'; text: string } | { type: 'cache-point' }> {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.flatMap((part, i) => {
    const location = `${where}.content[${i}]`;
    const converted = contentPart(part, only, location);
    const parts: Array<{ type: 'text'; text: string } | { type: 'cache-point' }> = [];
    if (converted?.type === 'text') parts.push(converted);
    else if (converted?.type === 'image' || converted?.type === 'document') only.at(media, location);
    if (marksCacheBreakpoint(part)) parts.push({ type: 'cache-point' });
    return parts;
  });
}

export function assistantParts(content: string | ResponsesMessageContentPart[], only: ResponsesOnlyFeatures, where: string): InferenceAssistantPart[] {
  return textParts(content, only, where, 'assistant_media');
}

export function systemParts(content: string | ResponsesMessageContentPart[], only: ResponsesOnlyFeatures, where: string): InferenceSystemPart[] {
  return textParts(content, only, where, 'system_media').filter((part) => part.type !== 'text' || part.text !== '');
}

export function toolResultContent(output: string | ResponsesInputContentPart[], only: ResponsesOnlyFeatures, where: string): InferenceToolResultContent[] {
  if (typeof output === 'string') return [{ type: 'text', text: output }];
  return output.flatMap((part, i): InferenceToolResultContent[] => {
    const location = `${where}.output[${i}]`;
    if (marksCacheBreakpoint(part)) only.at('function_output_cache_breakpoint', `${location}.prompt_cache_breakpoint`);
    const converted = contentPart(part, only, location);
    return converted === undefined ? [] : [converted];
  });
}
