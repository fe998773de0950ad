/**
 * What a canonical request's content asks of a deployment: the content kinds a provider's wire may not carry
 * (`InferenceContentName`). Each is named once, however often it occurs, in a fixed order. Text and tool calls
 * every wire carries; a document given as text is carried as text. Pure.
 */
import type { InferenceDocumentPart, InferenceImagePart, InferenceToolResultContent } from '../inference/inference-content-parts.js';
import type { InferenceRequest } from '../inference/inference-request.js';
import type { InferenceContentName } from '../inference/inference-settings.js';

const ORDER: readonly InferenceContentName[] = ['images', 'documents', 'mediaUrls', 's3Media', 'toolResultMedia', 'reasoningContent', 'cachePoints'];

function addMedia(found: Set<InferenceContentName>, part: InferenceImagePart | InferenceDocumentPart): void {
  if (part.type === 'image') found.add('images');
  else if (part.source.kind !== 'text') found.add('documents');
  if (part.source.kind === 'url') found.add('mediaUrls');
  if (part.source.kind === 's3') found.add('s3Media');
}

function addToolResultItem(found: Set<InferenceContentName>, item: InferenceToolResultContent): void {
  if (item.type !== 'image' && item.type !== 'document') return;
  addMedia(found, item);
  found.add('toolResultMedia');
}

export function listRequestedContent(request: InferenceRequest): InferenceContentName[] {
  const found = new Set<InferenceContentName>();
  if (request.system.some((part) => part.type === 'cache-point') || request.tools?.some((tool) => tool.type === 'cache-point')) found.add('cachePoints');
  for (const message of request.messages) {
    for (const part of message.content) {
      switch (part.type) {
        case 'image':
        case 'document':
          addMedia(found, part);
          break;
        case 'tool-result':
          for (const item of part.content) addToolResultItem(found, item);
          break;
        case 'reasoning':
        case 'redacted-reasoning':
          found.add('reasoningContent');
          break;
        case 'cache-point':
          found.add('cachePoints');
          break;
        case 'text':
        case 'tool-call':
          break;
      }
    }
  }
  return ORDER.filter((name) => found.has(name));
}
