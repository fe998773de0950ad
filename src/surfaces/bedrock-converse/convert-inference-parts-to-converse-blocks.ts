/**
 * Canonical content parts -> Converse content blocks, for the Converse surface's answers and the bedrock
 * provider's requests. Every part has a block; what Converse cannot hold (an image or document at a URL, which
 * Bedrock cannot fetch; a media type it has no format for; tool input that is not JSON) is an `invalid_request`
 * naming the part, never dropped. Pure.
 */
import { GeorouteError } from '../../errors/error-catalog.js';
import type {
  InferenceAssistantPart,
  InferenceCachePointPart,
  InferenceDocumentPart,
  InferenceImagePart,
  InferenceMediaSource,
  InferenceSystemPart,
  InferenceToolResultContent,
  InferenceUserPart,
} from '../../inference/inference-content-parts.js';
import type {
  ConverseCachePointBlock,
  ConverseContentBlock,
  ConverseDocumentBlock,
  ConverseImageBlock,
  ConverseImageFormat,
  ConverseMediaSource,
  ConverseSystemBlock,
  ConverseToolResultContent,
} from './converse-types.js';
import { DOCUMENT_MEDIA_TYPES } from './converse-document-media-types.js';

const IMAGE_FORMATS: Readonly<Record<string, ConverseImageFormat>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

const DOCUMENT_FORMATS: ReadonlyMap<string, string> = new Map(Object.entries(DOCUMENT_MEDIA_TYPES).map(([format, mediaType]) => [mediaType, format]));

function unrepresentable(what: string, param: string): GeorouteError {
  return new GeorouteError('invalid_request', `${what} cannot be expressed in a Bedrock Converse request.`, { param });
}

function mediaSource(source: InferenceMediaSource, what: string, param: string): ConverseMediaSource {
  if (source.kind === 'base64') return { bytes: source.data };
  if (source.kind === 's3') return { s3Location: { uri: source.uri, ...(source.bucketOwner === undefined ? {} : { bucketOwner: source.bucketOwner }) } };
  throw unrepresentable(`${what} at a URL (Bedrock does not fetch URLs; send the bytes)`, param);
}

export function imageBlock(part: InferenceImagePart, param: string): ConverseImageBlock {
  const format = IMAGE_FORMATS[part.mediaType.toLowerCase()];
  if (format === undefined) throw unrepresentable(`An image of type ${part.mediaType}`, param);
  return { format, source: mediaSource(part.source, 'An image', param) };
}

/**
 * A document's name as Converse takes it: ASCII letters and digits, hyphens, parentheses, square brackets and single spaces
 * (Bedrock rejects anything else with a ValidationException). A filename from another wire (`report.pdf`) keeps
 * its words (`report pdf`); a name with none left, or none given, is the neutral `document`.
 */
function converseDocumentName(name: string | undefined): string {
  const words = (name ?? '').replace(/[^A-Za-z0-9\-()[\]]+/g, ' ').trim();
  return words === '' ? 'document' : words;
}

export function documentBlock(part: InferenceDocumentPart, param: string): ConverseDocumentBlock {
  const mediaType = part.mediaType.toLowerCase();
  const format = DOCUMENT_FORMATS.get(mediaType) ?? (mediaType.startsWith('application/x-') ? mediaType.slice('application/x-'.length) : undefined);
  if (format === undefined) throw unrepresentable(`A document of type ${part.mediaType}`, param);
  const source = part.source.kind === 'text' ? { text: part.source.text } : mediaSource(part.source, 'A document', param);
  return { name: converseDocumentName(part.name), format, source };
}

export function cachePointBlock(part: { ttl?: string }): ConverseCachePointBlock {
  return { type: 'default', ...(part.ttl === undefined ? {} : { ttl: part.ttl }) };
}

/** Tool input as the model wrote it (JSON text) -> the JSON value Converse carries; blank text is `{}`. */
export function toolInputValue(input: string, param: string): unknown {
  if (input.trim() === '') return {};
  try {
    return JSON.parse(input) as unknown;
  } catch {
    throw new GeorouteError('invalid_request', 'Tool call input must be JSON text.', { param });
  }
}

function toolResultContent(item: InferenceToolResultContent, param: string): ConverseToolResultContent {
  switch (item.type) {
    case 'text':
      return { text: item.text };
    case 'json':
      return { json: item.value };
    case 'image':
      return { image: imageBlock(item, `${param}.image`) };
    case 'document':
      return { document: documentBlock(item, `${param}.document`) };
  }
}

export function userBlock(part: InferenceUserPart, param: string): ConverseContentBlock {
  switch (part.type) {
    case 'text':
      return { text: part.text };
    case 'image':
      return { image: imageBlock(part, `${param}.image`) };
    case 'document':
      return { document: documentBlock(part, `${param}.document`) };
    case 'cache-point':
      return { cachePoint: cachePointBlock(part) };
    case 'tool-result':
      return {
        toolResult: {
          toolUseId: part.toolCallId,
          content: part.content.map((item, k) => toolResultContent(item, `${param}.toolResult.content[${k}]`)),
          ...(part.isError === true ? { status: 'error' as const } : {}),
        },
      };
  }
}

export function assistantBlock(part: InferenceAssistantPart, param: string): ConverseContentBlock {
  switch (part.type) {
    case 'text':
      return { text: part.text };
    case 'tool-call':
      return { toolUse: { toolUseId: part.id, name: part.name, input: toolInputValue(part.input, `${param}.toolUse.input`) } };
    case 'reasoning':
      return { reasoningContent: { reasoningText: { text: part.text, ...(part.signature === undefined ? {} : { signature: part.signature }) } } };
    case 'redacted-reasoning':
      return { reasoningContent: { redactedContent: part.data } };
    case 'cache-point':
      return { cachePoint: cachePointBlock(part) };
  }
}

export function systemBlock(part: InferenceSystemPart): ConverseSystemBlock {
  return part.type === 'text' ? { text: part.text } : { cachePoint: cachePointBlock(part satisfies InferenceCachePointPart) };
}
