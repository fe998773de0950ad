/**
 * Content an operator allows a model's deployments to drop (`models[].droppableSettings` naming a content kind,
 * e.g. `reasoningContent`): the parts of that kind are taken out of the request before it is converted, so the
 * provider's converter never sees what its wire cannot carry. Only the named kinds go. Pure.
 */
import type { InferenceDocumentPart, InferenceImagePart, InferenceToolResultContent, InferenceUserPart } from '../inference/inference-content-parts.js';
import type { InferenceMessage } from '../inference/inference-messages.js';
import type { InferenceRequest } from '../inference/inference-request.js';
import type { InferenceContentName, InferenceSettingName } from '../inference/inference-settings.js';

const CONTENT_NAMES: ReadonlySet<string> = new Set<InferenceContentName>(['images', 'documents', 'mediaUrls', 's3Media', 'toolResultMedia', 'reasoningContent', 'cachePoints']);

export function isContentName(name: InferenceSettingName): name is InferenceContentName {
  return CONTENT_NAMES.has(name);
}

function keepsMedia(part: InferenceImagePart | InferenceDocumentPart, dropped: ReadonlySet<InferenceContentName>, inToolResult: boolean): boolean {
  if (inToolResult && dropped.has('toolResultMedia')) return false;
  if (part.type === 'image' && dropped.has('images')) return false;
  if (part.type === 'document' && part.source.kind !== 'text' && dropped.has('documents')) return false;
  if (part.source.kind === 'url' && dropped.has('mediaUrls')) return false;
  return !(part.source.kind === 's3' && dropped.has('s3Media'));
}

function keepsToolResultItem(item: InferenceToolResultContent, dropped: ReadonlySet<InferenceContentName>): boolean {
  return item.type === 'text' || item.type === 'json' || keepsMedia(item, dropped, true);
}

function withoutContentIn(message: InferenceMessage, dropped: ReadonlySet<InferenceContentName>): InferenceMessage {
  const cachePoints = dropped.has('cachePoints');
  if (message.role === 'assistant') {
    const reasoning = dropped.has('reasoningContent');
    return { role: 'assistant', content: message.content.filter((part) => !(cachePoints && part.type === 'cache-point') && !(reasoning && (part.type === 'reasoning' || part.type === 'redacted-reasoning'))) };
  }
  const content = message.content.flatMap((part): InferenceUserPart[] => {
    if (part.type === 'cache-point') return cachePoints ? [] : [part];
    if (part.type === 'image' || part.type === 'document') return keepsMedia(part, dropped, false) ? [part] : [];
    if (part.type === 'tool-result') return [{ ...part, content: part.content.filter((item) => keepsToolResultItem(item, dropped)) }];
    return [part];
  });
  return { role: 'user', content };
}

/** `request` without the content kinds among `dropped` (other names in it are settings, handled by the caller). */
export function withoutContent(request: InferenceRequest, dropped: readonly InferenceSettingName[]): InferenceRequest {
  const kinds = new Set(dropped.filter(isContentName));
  if (kinds.size === 0) return request;
  const out: InferenceRequest = { ...request, messages: request.messages.map((message) => withoutContentIn(message, kinds)) };
  if (kinds.has('cachePoints')) {
    out.system = request.system.filter((part) => part.type !== 'cache-point');
    if (request.tools !== undefined) out.tools = request.tools.filter((tool) => tool.type !== 'cache-point');
  }
  return out;
}
