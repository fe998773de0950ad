/**
 * Reads a server-sent-events body as it arrives and yields the text of each `data:` field (multi-line data joined
 * by "\n"). Returns `{ sawDone: true }` when the stream ended with `data: [DONE]`, so a caller can tell a clean end
 * from a connection that was cut. After `[DONE]` the body is still read to its end (nothing more is yielded):
 * leaving the loop early would destroy the body and, with it, the keep-alive connection.
 */
export async function* readSseDataLines(body: AsyncIterable<Uint8Array>): AsyncGenerator<string, { sawDone: boolean }> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  let sawDone = false;
  for await (const chunk of body) {
    if (sawDone) continue;
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline !== -1 && !sawDone) {
      let line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line === '') {
        if (data.length > 0) {
          const event = data.join('\n');
          data = [];
          if (event === '[DONE]') sawDone = true;
          else yield event;
        }
      } else if (line.startsWith('data:')) {
        data.push(line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5));
      }
      newline = buffer.indexOf('\n');
    }
  }
  if (sawDone) return { sawDone };
  const rest = (buffer + decoder.decode()).trim();
  if (rest.startsWith('data:')) data.push(rest.slice(5).trim());
  if (data.length > 0 && data.join('\n') === '[DONE]') return { sawDone: true };
  if (data.length > 0) yield data.join('\n');
  return { sawDone: false };
}
