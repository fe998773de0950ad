/**
 * One `data:` event of an OpenAI chat SSE stream kept as the bytes it travels in: `frame` is `data: ...\n\n` exactly
 * as an OpenAI client must receive it (usually a view into the upstream's own chunk, not a copy), and `data` (the
 * JSON text) is decoded only when a consumer asks for it (format bridges, usage parsing). The byte scans below let
 * the common path (relay, usage detection, output counting) work without decoding every event.
 */

const DATA_PREFIX_LENGTH = 6; // `data: `
const FRAME_SUFFIX_LENGTH = 2; // `\n\n`

const USAGE_KEY = Buffer.from('"usage"');
const EMPTY_CHOICES = Buffer.from('"choices":[]');

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class OpenAiChatSseFrame {
  readonly format = 'openai-chat' as const;
  private text: string | undefined;

  /**
   * `frame` must be `data: <payload>\n\n` with a single-line payload, unless `data` is given (multi-line events,
   * whose frame repeats `data: ` per line).
   */
  constructor(readonly frame: Buffer, data?: string) {
    this.text = data;
  }

  /** Builds the frame of an event whose data is known as lines (rare: multi-line data, or the end of a cut body). */
  static fromLines(lines: readonly string[]): OpenAiChatSseFrame {
    return new OpenAiChatSseFrame(Buffer.from(`data: ${lines.join('\ndata: ')}\n\n`), lines.join('\n'));
  }

  get data(): string {
    this.text ??= this.frame.toString('utf8', DATA_PREFIX_LENGTH, this.frame.length - FRAME_SUFFIX_LENGTH);
    return this.text;
  }
}

function isJsonSpace(byte: number): boolean {
  return byte === 32 || byte === 9 || byte === 10 || byte === 13;
}

/** Whether the bytes hold a `"usage"` key with an object value (`"usage":{`), as the final chunk of a stream does. */
export function hasUsageObject(bytes: Uint8Array): boolean {
  const buffer = asBuffer(bytes);
  let at = buffer.indexOf(USAGE_KEY);
  while (at !== -1) {
    let i = at + USAGE_KEY.length;
    while (i < buffer.length && isJsonSpace(buffer[i])) i++;
    if (buffer[i] === 58 /* : */) {
      i++;
      while (i < buffer.length && isJsonSpace(buffer[i])) i++;
      if (buffer[i] === 123 /* { */) return true;
    }
    at = buffer.indexOf(USAGE_KEY, at + USAGE_KEY.length);
  }
  return false;
}

/**
 * Whether a frame is the usage-only chunk (`"choices":[]` and a `"usage"` key) that goes to a client only if it
 * asked for usage. Same test as on the data text: the payload starts with `{` and holds both needles.
 */
export function isUsageOnlyFrame(frame: Uint8Array): boolean {
  const buffer = asBuffer(frame);
  return buffer[DATA_PREFIX_LENGTH] === 123 /* { */ && buffer.includes(EMPTY_CHOICES) && buffer.includes(USAGE_KEY);
}
