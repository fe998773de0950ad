/**
 * Trace context reaches the upstream: the OpenAI-compatible and Bedrock adapters send the `traceparent` and
 * `tracestate` an attempt carries (for Bedrock inside the SigV4 signature, which still verifies), and nothing
 * when the request has none (tracing off).
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createSigV4Verifier } from '../../src/auth/sigv4-verifier.js';
import type { Deployment } from '../../src/catalog/catalog-types.js';
import { BedrockUpstream } from '../../src/providers/bedrock/bedrock-upstream.js';
import { OpenAiCompatibleUpstream } from '../../src/providers/openai-compatible/openai-compatible-upstream.js';
import type { UpstreamRequest, UpstreamTransport } from '../../src/providers/upstream-transport.js';

const TRACE = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: 'vendor=1' };
const ENV = { TRACE_KEY_ID: 'AKIATRACETEST0000001', TRACE_SECRET: 'trace/secret+key' };

function deployment(provider: string, endpoint: string, credentials: Deployment['credentials'] = {}): Deployment {
  return {
    id: `${provider}@eu-west-1`, modelId: 'amazon.nova-2-lite-v1:0', regionId: 'eu-west-1', provider, endpoint,
    upstreamModel: 'eu.amazon.nova-2-lite-v1:0', credentials,
    capacity: { requestsPerMinute: 100, tokensPerMinute: 100_000, maxConcurrent: 4 },
    timeouts: { connectMs: 1_000, firstByteMs: 2_000, idleMs: 2_000 }, allowInsecure: false, processingRegionIds: ['eu-west-1'],
  };
}

describe('trace context to the upstream', () => {
  const seen: Array<{ request: IncomingMessage; body: Buffer }> = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => {
      seen.push({ request, body: Buffer.concat(chunks) });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(request.url?.includes('/converse')
        ? JSON.stringify({ output: { message: { role: 'assistant', content: [{ text: 'ok' }] } }, stopReason: 'end_turn', usage: { inputTokens: 3, outputTokens: 1, totalTokens: 4 } })
        : JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 1 } }));
    });
  });
  let url = '';
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function send(upstream: UpstreamTransport, request: Omit<UpstreamRequest, 'signal' | 'requestId' | 'stream'>): Promise<IncomingMessage['headers']> {
    try {
      await upstream.send({ ...request, stream: false, signal: new AbortController().signal, requestId: 'r1' });
    } finally {
      await upstream.close();
    }
    return seen.at(-1)!.request.headers;
  }

  it('OpenAI-compatible: sends traceparent and tracestate when the attempt has them, nothing otherwise', async () => {
    const body = { messages: [{ role: 'user', content: 'hi' }] };
    const traced = await send(new OpenAiCompatibleUpstream(deployment('openai-compatible', `${url}/v1`), {}), { format: 'openai-chat', body, traceHeaders: TRACE });
    assert.equal(traced.traceparent, TRACE.traceparent);
    assert.equal(traced.tracestate, TRACE.tracestate);
    const plain = await send(new OpenAiCompatibleUpstream(deployment('openai-compatible', `${url}/v1`), {}), { format: 'openai-chat', body });
    assert.equal(plain.traceparent, undefined);
  });

  it('Bedrock: sends traceparent inside a SigV4 signature that still verifies', async () => {
    const body = { messages: [{ role: 'user', content: [{ text: 'hi' }] }] };
    const upstream = new BedrockUpstream(deployment('bedrock', url, { accessKeyIdEnv: 'TRACE_KEY_ID', secretAccessKeyEnv: 'TRACE_SECRET' }), ENV);
    const headers = await send(upstream, { format: 'bedrock-converse', body, traceHeaders: TRACE });
    assert.equal(headers.traceparent, TRACE.traceparent);
    assert.match(String(headers.authorization), /SignedHeaders=[^,]*traceparent/);
    const last = seen.at(-1)!;
    const verifier = createSigV4Verifier([{ accessKeyId: ENV.TRACE_KEY_ID, secretAccessKeyEnv: 'TRACE_SECRET', admin: false }], { knownRegions: new Set(['eu-west-1']), env: ENV });
    const result = verifier.verify({ method: last.request.method ?? '', rawPath: last.request.url ?? '', headers: last.request.headers, body: last.body });
    assert.equal(result.signingRegion, 'eu-west-1');
  });
});
