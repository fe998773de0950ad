/**
 * Counts the text a stream produced, per event, so an interrupted stream (which never gets the upstream's final
 * usage) is still billed for what was produced, and an upstream that never reports usage is still accounted.
 * Estimate: one token per four characters, at least one per non-empty delta.
 */
import type { UpstreamStreamEvent } from '../upstreams/upstream-contract.js';

/** Text (all formats), tool arguments (OpenAI `arguments`, Anthropic `partial_json`) and Anthropic thinking. */
const CONTENT_KEYS = ['"content":"', '"text":"', '"arguments":"', '"partial_json":"', '"thinking":"'];

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

export function textLengthOfEvent(event: UpstreamStreamEvent): number {
  switch (event.format) {
    case 'openai-chat':
      return textLengthOfJson(event.data);
    case 'bedrock-converse':
      return event.eventType === 'contentBlockDelta' ? textLengthOfJson(JSON.stringify(event.body)) : 0;
    case 'bedrock-invoke':
      return textLengthOfJson(Buffer.from(event.chunk).toString('utf8'));
    case 'anthropic-messages':
      return event.eventType === 'content_block_delta' ? textLengthOfJson(event.data) : 0;
  }
}

export class StreamOutputCounter {
  private characters = 0;
  private deltas = 0;
  /** Epoch ms of the first event that carried output (time to first token), 0 until then. */
  firstOutputAt = 0;

  add(event: UpstreamStreamEvent): void {
    const length = textLengthOfEvent(event);
    if (length > 0) {
      if (this.deltas === 0) this.firstOutputAt = Date.now();
      this.characters += length;
      this.deltas++;
    }
  }

  get estimatedTokens(): number {
    return Math.max(this.deltas, Math.ceil(this.characters / 4));
  }
}
