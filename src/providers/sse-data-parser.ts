/**
 * Incremental parser of a server-sent-events body: `push(chunk)` returns the text of each `data:` field completed
 * by that chunk (multi-line data joined by "\n"), synchronously, so one upstream chunk costs one call however many
 * events it carries. `[DONE]` is not returned: `sawDone` tells a clean end from a connection that was cut, and
 * anything after `[DONE]` is ignored.
 */
export class SseDataParser {
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private data: string[] = [];
  sawDone = false;

  push(chunk: Uint8Array): string[] {
    if (this.sawDone) return [];
    this.buffer += this.decoder.decode(chunk, { stream: true });
    const events: string[] = [];
    let start = 0;
    let newline = this.buffer.indexOf('\n', start);
    while (newline !== -1) {
      let line = this.buffer.slice(start, newline);
      start = newline + 1;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line === '') {
        if (this.data.length > 0) {
          const event = this.data.length === 1 ? this.data[0] : this.data.join('\n');
          this.data = [];
          if (event === '[DONE]') {
            this.sawDone = true;
            this.buffer = '';
            return events;
          }
          events.push(event);
        }
      } else if (line.startsWith('data:')) {
        this.data.push(line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5));
      }
      newline = this.buffer.indexOf('\n', start);
    }
    this.buffer = start === 0 ? this.buffer : this.buffer.slice(start);
    return events;
  }

  /** The body ended: a last event not followed by a blank line still counts. */
  end(): string[] {
    if (this.sawDone) return [];
    const rest = (this.buffer + this.decoder.decode()).trim();
    this.buffer = '';
    if (rest.startsWith('data:')) this.data.push(rest.slice(5).trim());
    const last = this.data.join('\n');
    this.data = [];
    if (last === '[DONE]') {
      this.sawDone = true;
      return [];
    }
    return last === '' ? [] : [last];
  }
}
