/**
 * A relayed OpenAI chat stream (the fast path, where the provider pushes each event to the client's writer) keeps
 * back-pressure end to end: while the client reads nothing, the gateway stops reading the upstream, whose writes
 * then wait for `drain`, so a fast upstream and a slow client never fill the gateway's memory; once the client
 * reads, every event arrives in order, then `[DONE]`.
 */
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../../support/test-gateway.js';

const SOURCE = 'eu-central-1';
const CHUNKS = 4_000;
/** Some 10 KB of content per chunk: 40 MB in all, far above what the sockets' buffers hold between them. */
const CONTENT = 'x'.repeat(10_000);

function chunk(index: number): string {
  return `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: `${index}:${CONTENT}` }, finish_reason: null }] })}\n\n`;
}

/** An upstream that writes its chunks as fast as its socket takes them, counting how many it could write. */
function startFastUpstream(): Promise<{ server: Server; endpoint: string; written(): number }> {
  let written = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const writeMore = (): void => {
        while (written < CHUNKS) {
          const ok = res.write(chunk(written));
          written += 1;
          if (!ok) return void res.once('drain', writeMore);
        }
        const usage = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 3, completion_tokens: CHUNKS, total_tokens: CHUNKS + 3 } };
        res.end(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: ${JSON.stringify(usage)}\n\ndata: [DONE]\n\n`);
      };
      writeMore();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, written: () => written })));
}

describe('a relayed chat stream with a client that reads slowly', () => {
  let upstream: Awaited<ReturnType<typeof startFastUpstream>>;
  let gateway: TestGateway;
  before(async () => {
    upstream = await startFastUpstream();
    gateway = await startTestGateway(testConfig({
      regions: [],
      extraDeployments: [{ model: NOVA_LITE, region: SOURCE, provider: 'openai-compatible', endpoint: upstream.endpoint, upstreamModel: 'm' }],
    }));
  });
  after(async () => {
    await gateway.close();
    await new Promise((resolve) => upstream.server.close(resolve));
  });

  it('stops reading the upstream while the client does not read, then relays every event in order', async () => {
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-georoute-source-region': SOURCE } }, resolve);
      req.on('error', reject);
      req.end(JSON.stringify({ model: NOVA_LITE, stream: true, messages: [{ role: 'user', content: 'a long answer' }] }));
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

    response.setEncoding('utf8');
    let text = '';
    response.on('data', (part: string) => (text += part));
    response.resume();
    await new Promise((resolve) => response.on('end', resolve));
    const contents = text
      .split('\n\n')
      .filter((event) => event.startsWith('data: {'))
      .map((event) => JSON.parse(event.slice(6)) as { choices: Array<{ delta: { content?: string } }> })
      .flatMap((event) => event.choices.map((choice) => choice.delta.content).filter((content) => content !== undefined));
    assert.equal(contents.length, CHUNKS);
    contents.forEach((content, index) => assert.ok(content.startsWith(`${index}:`), `event ${index} in order`));
    assert.ok(text.endsWith('data: [DONE]\n\n'));
  });
});
