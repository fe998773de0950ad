/**
 * A fast OpenAI-compatible upstream for the overhead and streaming scenarios, in a process of its own.
 * `POST /v1/chat/completions`: a small fixed JSON answer, or (stream: true) `chunks` content chunks, a finish chunk,
 * a usage chunk and `[DONE]`; `--chunk-interval-ms N` paces the stream (first chunk at once), else all are written
 * at once. `POST /v1/messages` answers the same in Anthropic's Messages wire, `POST /v1/responses` in OpenAI's
 * Responses wire, `POST /model/{id}/converse` and `/converse-stream` in Bedrock's Converse wire
 * (`bench:profile -- --wire anthropic|responses|bedrock`).
 * Usage: `node bin/run-ts.js bench/lib/mock-upstream-process.ts [--chunks 20] [--chunk-interval-ms 0]`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { announce, closeOnSignal } from './bench-process-messages.js';
import { converseJsonAnswer, converseStreamFrames } from './mock-bedrock-wire.js';

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

const anthropicJsonAnswer = JSON.stringify({
  id: 'msg_bench', type: 'message', role: 'assistant', model: 'bench-model', content: [{ type: 'text', text: 'Hello from the bench mock upstream, five words.' }],
  stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 12, output_tokens: 20 },
});

function anthropicEvent(data: Record<string, unknown>): string {
  return `event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The same stream in Anthropic's events: one `text_delta` per content chunk. */
const anthropicStreamEvents: string[] = [
  anthropicEvent({ type: 'message_start', message: { id: 'msg_bench', type: 'message', role: 'assistant', model: 'bench-model', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 12, output_tokens: 1 } } }),
  anthropicEvent({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
  ...Array.from({ length: chunkCount }, (_, i) => anthropicEvent({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: i === 0 ? 'word ' : `word${i} ` } })),
  anthropicEvent({ type: 'content_block_stop', index: 0 }),
  anthropicEvent({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: chunkCount } }),
  anthropicEvent({ type: 'message_stop' }),
];

const responsesObject = (status: string, extra: Record<string, unknown>) => ({ id: 'resp_bench', object: 'response', created_at: created, status, model: 'bench-model', ...extra });
const responsesJsonAnswer = JSON.stringify(responsesObject('completed', {
  output: [{ type: 'message', id: 'msg_bench', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hello from the bench mock upstream, five words.', annotations: [] }] }],
  usage: { input_tokens: 12, output_tokens: 20, total_tokens: 32 },
}));

/** The same stream in Responses events: one `response.output_text.delta` per content chunk. */
const responsesStreamEvents: string[] = (() => {
  let sequence = 0;
  const event = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...data })}\n\n`;
  return [
    event('response.created', { response: responsesObject('in_progress', { output: [] }) }),
    event('response.output_item.added', { output_index: 0, item: { type: 'message', id: 'msg_bench', status: 'in_progress', role: 'assistant', content: [] } }),
    ...Array.from({ length: chunkCount }, (_, i) => event('response.output_text.delta', { item_id: 'msg_bench', output_index: 0, content_index: 0, delta: i === 0 ? 'word ' : `word${i} ` })),
    event('response.completed', { response: responsesObject('completed', { output: [], usage: { input_tokens: 12, output_tokens: chunkCount, total_tokens: 12 + chunkCount } }) }),
  ];
})();

const converseStreamEvents = converseStreamFrames(chunkCount);

function writeStream(response: ServerResponse, streamEvents: readonly (string | Buffer)[], contentType = 'text/event-stream'): void {
  response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache' });
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
    const anthropic = request.url?.endsWith('/v1/messages') === true;
    const responses = request.url?.endsWith('/v1/responses') === true;
    const converse = request.url?.startsWith('/model/') === true && /\/converse(-stream)?$/.test(request.url);
    if (converse && request.method === 'POST') {
      // ConverseStream is a path of its own; the body says nothing of streaming.
      if (request.url?.endsWith('/converse-stream') === true) return writeStream(response, converseStreamEvents, 'application/vnd.amazon.eventstream');
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(converseJsonAnswer) });
      return void response.end(converseJsonAnswer);
    }
    if (request.method !== 'POST' || (!anthropic && !responses && !request.url?.endsWith('/chat/completions'))) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"error":{"message":"not found"}}');
      return;
    }
    const text = Buffer.concat(chunks).toString('utf8');
    // The only field that matters here; a full parse would charge the mock for JSON work the bench does not study.
    if (/"stream"\s*:\s*true/.test(text)) {
      writeStream(response, anthropic ? anthropicStreamEvents : responses ? responsesStreamEvents : streamEvents);
      return;
    }
    const answer = anthropic ? anthropicJsonAnswer : responses ? responsesJsonAnswer : jsonAnswer;
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
    response.end(answer);
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
