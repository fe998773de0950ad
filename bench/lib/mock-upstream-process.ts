/**
 * A fast OpenAI-compatible upstream for the overhead and streaming scenarios, in a process of its own.
 * `POST /v1/chat/completions`: a small fixed JSON answer, or (stream: true) `chunks` content chunks, a finish chunk,
 * a usage chunk and `[DONE]`; `--chunk-interval-ms N` paces the stream (first chunk at once), else all are written
 * at once. Usage: `node bin/run-ts.js bench/lib/mock-upstream-process.ts [--chunks 20] [--chunk-interval-ms 0]`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { announce, closeOnSignal } from './bench-process-messages.js';

function argNumber(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

const chunkCount = argNumber('chunks', 20);
const chunkIntervalMs = argNumber('chunk-interval-ms', 0);
const created = Math.floor(Date.now() / 1000);

const jsonAnswer = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created,
  model: 'bench-model',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the bench mock upstream, five words.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 20, total_tokens: 32 },
});

function sseEvent(delta: Record<string, unknown>, finishReason: string | null): string {
  return `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created, model: 'bench-model', choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
}

const streamEvents: string[] = [
  ...Array.from({ length: chunkCount }, (_, i) => sseEvent(i === 0 ? { role: 'assistant', content: 'word ' } : { content: `word${i} ` }, null)),
  sseEvent({}, 'stop'),
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created, model: 'bench-model', choices: [], usage: { prompt_tokens: 12, completion_tokens: chunkCount, total_tokens: 12 + chunkCount } })}\n\n`,
  'data: [DONE]\n\n',
];

function writeStream(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (chunkIntervalMs <= 0) {
    for (const event of streamEvents) response.write(event);
    response.end();
    return;
  }
  let next = 0;
  const writeNext = () => {
    if (response.destroyed) return;
    response.write(streamEvents[next]);
    next += 1;
    if (next >= streamEvents.length) response.end();
    else setTimeout(writeNext, chunkIntervalMs);
  };
  writeNext();
}

function handle(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"error":{"message":"not found"}}');
      return;
    }
    const text = Buffer.concat(chunks).toString('utf8');
    // The only field that matters here; a full parse would charge the mock for JSON work the bench does not study.
    if (/"stream"\s*:\s*true/.test(text)) {
      writeStream(response);
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(jsonAnswer) });
    response.end(jsonAnswer);
  });
}

const server = createServer({ keepAliveTimeout: 60_000 }, handle);
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  announce('READY', { url: `http://127.0.0.1:${port}`, port });
});
closeOnSignal(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
