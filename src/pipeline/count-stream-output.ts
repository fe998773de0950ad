/**
 * Counts the text a stream produced, per event, so an interrupted stream (which never gets the upstream's final
 * usage) is still billed for what was produced, and an upstream that never reports usage is still accounted.
 * Estimate: one token per four characters, at least one per non-empty delta.
 *
 * Events that carry their wire bytes (an OpenAI `frame`, a Bedrock invoke chunk) are scanned as UTF-8 bytes, without
 * decoding: a "character" there is a code point (continuation bytes are not counted), so the estimate matches the
 * string count except that a character outside the Basic Multilingual Plane counts once instead of twice (as a
 * surrogate pair). Escapes count as in the JSON text (`\n` is one, `\u00e9` five), on both paths.
 */
import type { UpstreamStreamEvent } from '../upstreams/upstream-contract.js';

const CONTENT_KEYS = ['"content":"', '"text":"', '"arguments":"'];
const CONTENT_KEY_BYTES = CONTENT_KEYS.map((key) => Buffer.from(key));

/** Length of the JSON string value starting at `start` (just after the opening quote), escapes counted once. */
function jsonStringLength(data: string, start: number): number {
  let length = 0;
  for (let i = start; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c === 34) return length;
    if (c === 92) i++;
    length++;
  }
  return length;
}

function textLengthOfJson(data: string): number {
  let total = 0;
  for (const key of CONTENT_KEYS) {
    let at = data.indexOf(key);
    while (at !== -1) {
      total += jsonStringLength(data, at + key.length);
      at = data.indexOf(key, at + key.length);
    }
  }
  return total;
}

/** As `jsonStringLength`, on UTF-8 bytes: code points, escapes counted once (an escape is ASCII). */
function jsonStringLengthOfBytes(bytes: Buffer, start: number): number {
  let length = 0;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 34) return length;
    if (b === 92) i++;
    else if ((b & 0xc0) === 0x80) continue;
    length++;
  }
  return length;
}

/** As `textLengthOfJson`, on the UTF-8 bytes of JSON text (or of an SSE frame holding it). */
export function textLengthOfJsonBytes(bytes: Uint8Array): number {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  for (const key of CONTENT_KEY_BYTES) {
    let at = buffer.indexOf(key);
    while (at !== -1) {
      total += jsonStringLengthOfBytes(buffer, at + key.length);
      at = buffer.indexOf(key, at + key.length);
    }
  }
  return total;
}

export function textLengthOfEvent(event: UpstreamStreamEvent): number {
  switch (event.format) {
    case 'openai-chat':
      return event.frame !== undefined ? textLengthOfJsonBytes(event.frame) : textLengthOfJson(event.data);
    case 'bedrock-converse':
      return event.eventType === 'contentBlockDelta' ? textLengthOfJson(JSON.stringify(event.body)) : 0;
    case 'bedrock-invoke':
      return textLengthOfJsonBytes(event.chunk);
  }
}

export class StreamOutputCounter {
  private characters = 0;
  private deltas = 0;

  add(event: UpstreamStreamEvent): void {
    const length = textLengthOfEvent(event);
    if (length > 0) {
      this.characters += length;
      this.deltas++;
    }
  }

  get estimatedTokens(): number {
    return Math.max(this.deltas, Math.ceil(this.characters / 4));
  }
}
