/** Images between OpenAI `image_url` data URLs and Converse image blocks (base64 bytes). */
import type { ConverseImageFormat } from '../surfaces/bedrock-converse/converse-types.js';

const formatByMediaType: Readonly<Record<string, ConverseImageFormat>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

export type ImageDataUrlResult =
  | { ok: true; format: ConverseImageFormat; bytes: string }
  | { ok: false; reason: string };

/** Reads `data:image/png;base64,...`. Remote URLs are refused: the gateway does not fetch on a caller's behalf. */
export function parseImageDataUrl(url: string): ImageDataUrlResult {
  if (!url.startsWith('data:')) {
    return { ok: false, reason: 'only base64 data URLs (data:image/png;base64,...) are supported, not remote URLs' };
  }
  const match = /^data:([^;,]+)((?:;[^;,]+)*);base64,(.*)$/s.exec(url);
  if (match === null) return { ok: false, reason: 'the data URL must be base64 encoded' };
  const [, mediaType = '', , bytes = ''] = match;
  const format = formatByMediaType[mediaType.toLowerCase()];
  if (format === undefined) {
    return { ok: false, reason: `image type '${mediaType}' is not supported (png, jpeg, gif or webp)` };
  }
  if (bytes.length === 0) return { ok: false, reason: 'the data URL holds no image bytes' };
  return { ok: true, format, bytes };
}

export function formatImageDataUrl(format: ConverseImageFormat, bytes: string): string {
  return `data:image/${format};base64,${bytes}`;
}
