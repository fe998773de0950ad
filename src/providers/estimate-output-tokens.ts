/**
 * Counts the output text of a relayed stream, event by event, so a stream that is cut (and never gets the
 * upstream's final usage) is still billed for what was produced, and one whose upstream never reports usage is
 * still accounted. Each provider feeds it from its own wire. Estimate: one token per four characters, at least
 * one per event that carried output.
 */

/** Text, tool arguments (OpenAI `arguments`, Anthropic `partial_json`) and thinking, in any of the JSON wires. */
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

/** Characters of output text in one event's JSON text. */
export function outputTextLengthOfJson(data: string): number {
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

export class OutputTokenEstimate {
  private characters = 0;
  private events = 0;
  /** Epoch ms of the first event that carried output (time to first token). */
  private firstAt: number | undefined;

  /** One event's output text length (0 for events that carry none). */
  add(textLength: number): void {
    if (textLength <= 0) return;
    if (this.events === 0) this.firstAt = Date.now();
    this.characters += textLength;
    this.events++;
  }

  snapshot(): { estimatedTokens: number; firstOutputAt?: number } {
    const estimatedTokens = Math.max(this.events, Math.ceil(this.characters / 4));
    return this.firstAt === undefined ? { estimatedTokens } : { estimatedTokens, firstOutputAt: this.firstAt };
  }
}
