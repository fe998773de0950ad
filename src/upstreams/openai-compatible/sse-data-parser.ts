/**
 * Incremental parser of a server-sent-events body, on bytes: `push(chunk)` returns each `data:` event completed by
 * that chunk, synchronously, so one upstream chunk costs one call however many events it carries. An event is an
 * `OpenAiChatSseFrame`: its wire frame (`data: ...\n\n`) is a view into the chunk when the upstream wrote it in that
 * form (the common case), and its text is decoded only on demand. Lines end with `\n` or `\r\n`; comments and other
 * fields are dropped; multi-line data is joined by "\n" (and re-framed with one `data: ` per line). `[DONE]` is not
 * returned: `sawDone` tells a clean end from a connection that was cut, and anything after `[DONE]` is ignored.
 */
import { OpenAiChatSseFrame } from './openai-chat-sse-frame.js';

const LF = 10;
const CR = 13;
const DATA_FIELD = Buffer.from('data:');
const DONE = Buffer.from('[DONE]');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function startsWith(buffer: Buffer, at: number, end: number, prefix: Buffer): boolean {
  if (end - at < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buffer[at + i] !== prefix[i]) return false;
  return true;
}

export class SseDataParser {
  /** Bytes of a line not yet ended (none of them is `\n`). */
  private partial: Buffer[] = [];
  /** The data lines of the event being read, as views into their chunks. */
  private lines: Buffer[] = [];
  /** Where the event being read started, when it is a single `data: ` line that can serve as its own frame. */
  private frameStart = -1;
  private atBodyStart = true;
  sawDone = false;

  push(chunk: Uint8Array): OpenAiChatSseFrame[] {
    if (this.sawDone) return [];
    const incoming = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (incoming.indexOf(LF) === -1) {
      if (incoming.length > 0) this.partial.push(incoming);
      return [];
    }
    const buffer = this.partial.length > 0 ? Buffer.concat([...this.partial, incoming]) : incoming;
    this.partial = [];
    const events: OpenAiChatSseFrame[] = [];
    let start = 0;
    if (this.atBodyStart) {
      this.atBodyStart = false;
      if (startsWith(buffer, 0, buffer.length, BOM)) start = BOM.length;
    }
    // A frame can only be a view into this buffer: an event begun in an earlier chunk is re-framed.
    this.frameStart = -1;
    let newline = buffer.indexOf(LF, start);
    while (newline !== -1) {
      const end = newline > start && buffer[newline - 1] === CR ? newline - 1 : newline;
      if (end === start) {
        if (this.lines.length > 0) {
          const event = this.completeEvent(buffer, newline, end === newline);
          if (event === undefined) {
            this.sawDone = true;
            return events;
          }
          events.push(event);
        }
      } else if (startsWith(buffer, start, end, DATA_FIELD)) {
        const valueStart = buffer[start + DATA_FIELD.length] === 32 ? start + DATA_FIELD.length + 1 : start + DATA_FIELD.length;
        // A single `data: value\n` line followed directly by `\n` is the frame as the client gets it.
        this.frameStart = this.lines.length === 0 && valueStart === start + DATA_FIELD.length + 1 && end === newline ? start : -1;
        this.lines.push(buffer.subarray(valueStart, end));
      } else {
        this.frameStart = -1;
      }
      start = newline + 1;
      newline = buffer.indexOf(LF, start);
    }
    if (start < buffer.length) this.partial.push(buffer.subarray(start));
    return events;
  }

  /** The blank line ending at `newline` closes the event; undefined when it is `[DONE]`. */
  private completeEvent(buffer: Buffer, newline: number, bareNewline: boolean): OpenAiChatSseFrame | undefined {
    const lines = this.lines;
    const frameStart = this.frameStart;
    this.lines = [];
    this.frameStart = -1;
    if (lines.length === 1 && lines[0].equals(DONE)) return undefined;
    if (frameStart !== -1 && bareNewline) return new OpenAiChatSseFrame(buffer.subarray(frameStart, newline + 1));
    return OpenAiChatSseFrame.fromLines(lines.map((line) => line.toString('utf8')));
  }

  /** The body ended: a last event not followed by a blank line still counts. */
  end(): OpenAiChatSseFrame[] {
    if (this.sawDone) return [];
    let rest = Buffer.concat(this.partial).toString('utf8');
    this.partial = [];
    if (this.atBodyStart && rest.charCodeAt(0) === 0xfeff) rest = rest.slice(1);
    rest = rest.trim();
    const lines = this.lines.map((line) => line.toString('utf8'));
    this.lines = [];
    if (rest.startsWith('data:')) lines.push(rest.slice(5).trim());
    const last = lines.join('\n');
    if (last === '[DONE]') {
      this.sawDone = true;
      return [];
    }
    return last === '' ? [] : [OpenAiChatSseFrame.fromLines(lines)];
  }
}
