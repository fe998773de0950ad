/**
 * ConverseStream and InvokeModelWithResponseStream relayed from a Bedrock upstream: the client gets the upstream's
 * event-stream frames byte for byte (padding included), not frames the gateway decoded and encoded again.
 */
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { encodeEventFrame } from '../../sim/aws-event-stream-frames.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';

const SOURCE = 'eu-central-1';
/** Frames as Bedrock writes them, each with its random padding `p`. */
const CONVERSE_FRAMES = [
  encodeEventFrame('messageStart', { role: 'assistant', p: 'abcdefgh' }),
  encodeEventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hello' }, p: 'ijklmnopqrstu' }),
  encodeEventFrame('contentBlockStop', { contentBlockIndex: 0, p: 'vw' }),
  encodeEventFrame('messageStop', { stopReason: 'end_turn', p: 'xyz0123' }),
  encodeEventFrame('metadata', { usage: { inputTokens: 3, outputTokens: 1, totalTokens: 4 }, metrics: { latencyMs: 2 }, p: '456789' }),
];
/** InvokeModelWithResponseStream's `chunk` frames of a Nova answer: the native chunk JSON as base64 `bytes`. */
const novaChunk = (chunk: unknown, p: string) => encodeEventFrame('chunk', { bytes: Buffer.from(JSON.stringify(chunk)).toString('base64'), p });
const INVOKE_FRAMES = [
  novaChunk({ messageStart: { role: 'assistant' } }, 'ab'),
  novaChunk({ contentBlockDelta: { delta: { text: 'Hello' }, contentBlockIndex: 0 } }, 'cdefg'),
  novaChunk({ contentBlockStop: { contentBlockIndex: 0 } }, 'h'),
  novaChunk({ messageStop: { stopReason: 'end_turn' } }, 'ijklmn'),
  novaChunk({ metadata: { usage: { inputTokens: 3, outputTokens: 1 } }, 'amazon-bedrock-invocationMetrics': { inputTokenCount: 3, outputTokenCount: 1 } }, 'op'),
];

function post(url: string, body: string): Promise<{ status: number; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-georoute-source-region': SOURCE } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes: Buffer.concat(parts) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('a Bedrock event stream relayed to a Bedrock Runtime client', () => {
  let upstream: Server;
  let gateway: TestGateway;
  before(async () => {
    upstream = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
        for (const frame of req.url?.endsWith('/converse-stream') === true ? CONVERSE_FRAMES : INVOKE_FRAMES) res.write(frame);
        res.end();
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    gateway = await startTestGateway(testConfig({ regions: [], extraDeployments: [{ model: NOVA_LITE, region: SOURCE, provider: 'bedrock', endpoint }] }));
  });
  after(async () => {
    await gateway.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('writes ConverseStream frames on as they came, padding included', async () => {
    const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
    const answer = await post(`${gateway.url}/model/${encodeURIComponent(`eu.${NOVA_LITE}`)}/converse-stream`, body);
    assert.equal(answer.status, 200);
    assert.ok(answer.bytes.equals(Buffer.concat(CONVERSE_FRAMES)), 'the same bytes as the upstream sent');
  });

  it('writes InvokeModelWithResponseStream chunk frames on as they came, padding included', async () => {
    const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }], inferenceConfig: { maxTokens: 10 } });
    const answer = await post(`${gateway.url}/model/${encodeURIComponent(`eu.${NOVA_LITE}`)}/invoke-with-response-stream`, body);
    assert.equal(answer.status, 200);
    assert.ok(answer.bytes.equals(Buffer.concat(INVOKE_FRAMES)), 'the same bytes as the upstream sent');
  });
});
