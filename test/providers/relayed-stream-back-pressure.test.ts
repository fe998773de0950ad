/**
 * A relayed stream (the fast path, where the provider pushes each event to the client's writer: openai-compatible
 * chat and Responses, azure-openai chat, anthropic Messages, bedrock ConverseStream) keeps back-pressure end to end: while the client reads nothing, the gateway stops
 * reading the upstream, whose writes then wait for `drain`, so a fast upstream and a slow client never fill the
 * gateway's memory; once the client reads, every event arrives in order, then the stream's clean end.
 */
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { CLAUDE, claudeDeployment, claudeModel } from '../anthropic/anthropic-test-kit.js';
import { encodeEventFrame } from '../../sim/aws-event-stream-frames.js';
import { EventStreamDecoder } from '../../src/providers/bedrock/read-event-stream-messages.js';

/** The frames of a whole event-stream answer. */
const framesOf = (answer: Buffer) => new EventStreamDecoder().push(answer);

const SOURCE = 'eu-central-1';
const CHUNKS = 4_000;
/** Some 10 KB of content per chunk: 40 MB in all, far above what the sockets' buffers hold between them. */
const CONTENT = 'x'.repeat(10_000);

interface Wire {
  name: string;
  /** What the upstream writes before its content chunks, its content chunk `index`, and what it writes after the last. */
  start: string | Uint8Array;
  chunk(index: number): string | Uint8Array;
  end: string | Uint8Array;
  /** The upstream's content type (SSE unless said). */
  contentType?: string;
  config(endpoint: string): Record<string, unknown>;
  /** The gateway's path and the request body for the profile `eu.<model>`. */
  call(profileId: string): { path: string; body: Record<string, unknown> };
  /** The content of each of the gateway's events that carries some. */
  contents(answer: Buffer): string[];
  /** Whether the gateway's stream ended cleanly. */
  cleanEnd(answer: Buffer): boolean;
}

const sse = (data: unknown, event?: string) => `${event === undefined ? '' : `event: ${event}\n`}data: ${JSON.stringify(data)}\n\n`;
const openAiChunk = (delta: object, finish: string | null) => ({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] });
const responsesObject = (status: string, extra: object) => ({ id: 'resp_1', object: 'response', created_at: 1, status, model: 'm', output: [], ...extra });
const dataOf = (answer: Buffer) => answer.toString('utf8').split('\n\n').flatMap((event) => event.split('\n').filter((line) => line.startsWith('data: {')).map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>));

const openAiChatWire: Wire = {
  name: 'an openai-compatible chat stream',
  start: '',
  chunk: (index) => sse(openAiChunk({ content: `${index}:${CONTENT}` }, null)),
  end: sse(openAiChunk({}, 'stop')) + sse({ ...openAiChunk({}, null), choices: [], usage: { prompt_tokens: 3, completion_tokens: CHUNKS, total_tokens: CHUNKS + 3 } }) + 'data: [DONE]\n\n',
  config: (endpoint) => testConfig({ regions: [], extraDeployments: [{ model: NOVA_LITE, region: SOURCE, provider: 'openai-compatible', endpoint: `${endpoint}/v1`, upstreamModel: 'm' }] }),
  call: (model) => ({ path: '/v1/chat/completions', body: { model, stream: true, messages: [{ role: 'user', content: 'a long answer' }] } }),
  contents: (answer) => dataOf(answer).flatMap((event) => (event.choices as Array<{ delta: { content?: string } }>).map((choice) => choice.delta.content ?? '')).filter((content) => content !== ''),
  cleanEnd: (answer) => answer.toString('utf8').endsWith('data: [DONE]\n\n'),
};

process.env.GEOROUTE_TEST_AZURE_KEY = 'azure-test-key';

const WIRES: Wire[] = [
  openAiChatWire,
  {
    ...openAiChatWire,
    name: 'an azure-openai chat stream',
    config: (endpoint) => testConfig({
      regions: [],
      extraDeployments: [{
        model: NOVA_LITE, region: SOURCE, provider: 'azure-openai', endpoint, upstreamModel: 'm',
        credentials: { apiKeyEnv: 'GEOROUTE_TEST_AZURE_KEY' }, azure: { deploymentType: 'standard', apiVersion: '2024-10-21' },
      }],
    }),
  },
  {
    name: 'an anthropic Messages stream',
    start: sse({ type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 3, output_tokens: 1 } } }, 'message_start')
      + sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'),
    chunk: (index) => sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: `${index}:${CONTENT}` } }, 'content_block_delta'),
    end: sse({ type: 'content_block_stop', index: 0 }, 'content_block_stop') + sse({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: CHUNKS } }, 'message_delta') + sse({ type: 'message_stop' }, 'message_stop'),
    config: (endpoint) => ({ ...testConfig({ regions: [] }), models: [claudeModel], deployments: [claudeDeployment(SOURCE, { provider: 'anthropic', endpoint, upstreamModel: 'claude-sonnet-4-5-20250929', sim: undefined })] }),
    call: () => ({ path: '/v1/messages', body: { model: `eu.${CLAUDE}`, stream: true, max_tokens: 100_000, messages: [{ role: 'user', content: 'a long answer' }] } }),
    contents: (answer) => dataOf(answer).filter((event) => event.type === 'content_block_delta').map((event) => (event.delta as { text: string }).text),
    cleanEnd: (answer) => answer.toString('utf8').endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n'),
  },
  {
    name: 'an openai-compatible Responses stream',
    start: sse({ type: 'response.created', sequence_number: 0, response: responsesObject('in_progress', {}) }, 'response.created'),
    chunk: (index) => sse({ type: 'response.output_text.delta', sequence_number: index + 1, item_id: 'msg_1', output_index: 0, content_index: 0, delta: `${index}:${CONTENT}` }, 'response.output_text.delta'),
    end: sse({ type: 'response.completed', sequence_number: CHUNKS + 1, response: responsesObject('completed', { usage: { input_tokens: 3, output_tokens: CHUNKS, total_tokens: CHUNKS + 3 } }) }, 'response.completed'),
    config: (endpoint) => testConfig({ regions: [], extraDeployments: [{ model: NOVA_LITE, region: SOURCE, provider: 'openai-compatible', endpoint: `${endpoint}/v1`, upstreamModel: 'm', wireFormats: ['openai-responses'] }] }),
    call: (model) => ({ path: '/v1/responses', body: { model, stream: true, input: 'a long answer' } }),
    contents: (answer) => dataOf(answer).filter((event) => event.type === 'response.output_text.delta').map((event) => event.delta as string),
    cleanEnd: (answer) => /event: response\.completed\ndata: [^\n]*\n\n$/.test(answer.toString('utf8')),
  },
  {
    name: 'a bedrock ConverseStream',
    start: encodeEventFrame('messageStart', { role: 'assistant' }),
    chunk: (index) => encodeEventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: `${index}:${CONTENT}` } }),
    end: Buffer.concat([
      encodeEventFrame('contentBlockStop', { contentBlockIndex: 0 }),
      encodeEventFrame('messageStop', { stopReason: 'end_turn' }),
      encodeEventFrame('metadata', { usage: { inputTokens: 3, outputTokens: CHUNKS, totalTokens: CHUNKS + 3 }, metrics: { latencyMs: 1 } }),
    ]),
    contentType: 'application/vnd.amazon.eventstream',
    config: (endpoint) => testConfig({ regions: [], extraDeployments: [{ model: NOVA_LITE, region: SOURCE, provider: 'bedrock', endpoint }] }),
    call: (model) => ({ path: `/model/${encodeURIComponent(model)}/converse-stream`, body: { messages: [{ role: 'user', content: [{ text: 'a long answer' }] }] } }),
    contents: (answer) => framesOf(answer).filter((frame) => frame.type === 'contentBlockDelta').map((frame) => (JSON.parse(Buffer.from(frame.body).toString('utf8')) as { delta: { text: string } }).delta.text),
    cleanEnd: (answer) => framesOf(answer).at(-1)?.type === 'metadata' && framesOf(answer).every((frame) => frame.messageType === 'event'),
  },
];

/** An upstream that writes its chunks as fast as its socket takes them, counting how many it could write. */
function startFastUpstream(wire: Wire): Promise<{ server: Server; endpoint: string; written(): number }> {
  let written = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': wire.contentType ?? 'text/event-stream' });
      if (wire.start.length > 0) res.write(wire.start);
      const writeMore = (): void => {
        while (written < CHUNKS) {
          const ok = res.write(wire.chunk(written));
          written += 1;
          if (!ok) return void res.once('drain', writeMore);
        }
        res.end(wire.end);
      };
      writeMore();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, written: () => written })));
}

for (const wire of WIRES) {
  describe(`${wire.name}, relayed to a client that reads slowly`, () => {
    let upstream: Awaited<ReturnType<typeof startFastUpstream>>;
    let gateway: TestGateway;
    before(async () => {
      upstream = await startFastUpstream(wire);
      gateway = await startTestGateway(wire.config(upstream.endpoint));
    });
    after(async () => {
      await gateway.close();
      await new Promise((resolve) => upstream.server.close(resolve));
    });

    it('stops reading the upstream while the client does not read, then relays every event in order', async () => {
      const response = await new Promise<IncomingMessage>((resolve, reject) => {
        const { path, body } = wire.call(`eu.${NOVA_LITE}`);
        const req = request(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-georoute-source-region': SOURCE } }, resolve);
        req.on('error', reject);
        req.end(JSON.stringify(body));
      });
      assert.equal(response.statusCode, 200);
      response.pause();
      // Let the upstream write all it can while the client reads nothing: until it made no progress for 300 ms.
      let stalledAt = upstream.written();
      for (let still = 0, waited = 0; still < 300 && waited < 10_000 && stalledAt < CHUNKS; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        still = upstream.written() === stalledAt ? still + 50 : 0;
        stalledAt = upstream.written();
      }
      assert.ok(stalledAt < CHUNKS / 2, `the upstream is held back (it wrote ${stalledAt} of ${CHUNKS} chunks)`);

      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.resume();
      await new Promise((resolve) => response.on('end', resolve));
      const answer = Buffer.concat(parts);
      const contents = wire.contents(answer);
      assert.equal(contents.length, CHUNKS);
      contents.forEach((content, index) => assert.ok(content.startsWith(`${index}:`), `event ${index} in order`));
      assert.ok(wire.cleanEnd(answer), answer.subarray(-200).toString('utf8'));
    });
  });
}
