/**
 * A stream read to its end (`[DONE]`) leaves the keep-alive connection to the upstream reusable: five streams in a
 * row travel over one connection, and none of them is aborted.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { parseConfigText } from '../../src/config/load-config.js';
import { OpenAiCompatibleUpstream } from '../../src/providers/openai-compatible/openai-compatible-upstream.js';
import { NOVA_LITE, testConfig } from '../support/test-gateway.js';

describe('openai-compatible upstream keep-alive', () => {
  let connections = 0;
  let aborted = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let i = 0; i < 3; i++) response.write(`data: {"choices":[{"index":0,"delta":{"content":"w${i} "}}],"usage":null}\n\n`);
      response.write('data: {"choices":[],"usage":{"prompt_tokens":2,"completion_tokens":3}}\n\n');
      // As a paced upstream does: [DONE] in one write, the end of the chunked body a moment later.
      response.write('data: [DONE]\n\n');
      setTimeout(() => response.end(), 30);
    });
    response.on('close', () => {
      if (!response.writableFinished) aborted++;
    });
  });
  server.on('connection', () => connections++);

  before(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads each stream to its end over one connection', async () => {
    const port = (server.address() as AddressInfo).port;
    const config = testConfig({ regions: [], extraDeployments: [{ model: NOVA_LITE, region: 'eu-west-1', provider: 'openai-compatible', endpoint: `http://127.0.0.1:${port}/v1` }] });
    const deployment = parseConfigText(stringify(config), 't.yaml', { env: {} }).catalog.deployments[0];
    const upstream = new OpenAiCompatibleUpstream(deployment, {});
    try {
      for (let n = 0; n < 5; n++) {
        const response = await upstream.send({ format: 'openai-chat', body: { messages: [] }, stream: true, signal: new AbortController().signal, requestId: `r${n}` });
        assert.equal(response.kind, 'stream');
        if (response.kind !== 'stream') return;
        const data: string[] = [];
        for await (const event of response.events) if (event.format === 'openai-chat') data.push(event.data);
        assert.equal(data.length, 4);
        assert.deepEqual(response.usage(), { inputTokens: 2, outputTokens: 3 });
      }
    } finally {
      await upstream.close();
    }
    assert.ok(connections <= 2, `five streams reuse the keep-alive connection (opened ${connections})`);
    assert.equal(aborted, 0, 'no stream was cut short by the gateway');
  });
});
