/**
 * Counts the output text of a relayed stream, event by event, so a stream that is cut (and never gets the
 * upstream's final usage) is still billed for what was produced, and one whose upstream never reports usage is
 * still accounted. Each provider feeds it from its own wire. Estimate: one token per four characters, at least
 * one per event that carried output.
 */

/**
 * The members whose string values are output: text, tool arguments (OpenAI `arguments`, Anthropic `partial_json`)
 * thinking, and Llama's `generation`, in any of the JSON wires.
 */
const CONTENT_MEMBERS = ['content', 'text', 'arguments', 'partial_json', 'thinking', 'generation'];

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

const QUOTE = 34;

/**
 * Characters of output text in one event's JSON text: the values of every `"<member>":"` for the members above.
 * One pass over the text's `":"` (the end of each string-valued member), each checked against the member names,
 * instead of one search per name: a third of the time per event.
 */
export function outputTextLengthOfJson(data: string): number {
  let total = 0;
  let at = data.indexOf('":"');
  while (at !== -1) {
    for (const name of CONTENT_MEMBERS) {
      const start = at - name.length;
      if (start > 0 && data.charCodeAt(start - 1) === QUOTE && data.startsWith(name, start)) {
        total += jsonStringLength(data, at + 3);
        break;
      }
    }
    at = data.indexOf('":"', at + 3);
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
