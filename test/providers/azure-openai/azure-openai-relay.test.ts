/**
 * The azure-openai fast path's stream, taken both ways a consumer can take it: pulled (`events`) or pushed to the
 * writer as the chunks arrive (`relay`, what stream-back uses). Either way every event arrives in order with the
 * usage read from the last chunk, and a stream that breaks after its first event (an error chunk, no `[DONE]`)
 * ends as `interrupted`, never as a clean end. A raw loopback upstream writes the chunks.
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { NativeResponse } from '../../../src/inference/inference-provider-contract.js';
import type { WireEvent } from '../../../src/inference/wire-format.js';
import { AzureOpenAiProvider } from '../../../src/providers/azure-openai/azure-openai-provider.js';
import { resolveAzureCredential } from '../../../src/providers/azure-openai/resolve-azure-credential.js';
import { UpstreamFailure } from '../../../src/providers/upstream-contract.js';
import { testDeployment } from '../provider-deployment.js';

const chunk = (content: string) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }], usage: null })}\n\n`;
const USAGE = `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], usage: { prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 } })}\n\n`;
const ERROR_CHUNK = `data: ${JSON.stringify({ error: { code: 'server_error', message: 'the model broke off' } })}\n\n`;

type Stream = Extract<NativeResponse, { kind: 'stream' }>;

async function pulled(stream: Stream): Promise<string[]> {
  const seen: string[] = [];
  for await (const event of stream.events) if (event.format === 'openai-chat') seen.push(event.data);
  return seen;
}

async function relayed(stream: Stream): Promise<string[]> {
  const seen: string[] = [];
  assert.ok(stream.relay, 'the azure-openai stream offers relay');
  await stream.relay((event: WireEvent) => {
    if (event.format === 'openai-chat') seen.push(event.data);
  });
  return seen;
}

const consumers = [['pulled', pulled], ['relayed', relayed]] as const;

describe('azure-openai relayed stream', () => {
  let server: Server;
  let endpoint: string;
  /** What the upstream writes after the response head; a chunk per write, 20 ms apart. */
  let script: string[] = [];
  const providers: AzureOpenAiProvider[] = [];

  before(async () => {
    server = createServer((req, res: ServerResponse) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const parts = [...script];
        const next = (): void => {
          const part = parts.shift();
          if (part === undefined) return void res.end();
          res.write(part);
          setTimeout(next, 20);
        };
        next();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await Promise.all(providers.map((p) => p.close()));
    await new Promise((resolve) => server.close(resolve));
  });

  const stream = async (): Promise<Stream> => {
    const deployment = testDeployment({ provider: 'azure-openai', endpoint, upstreamModel: 'gpt-4o-eu', credentials: { apiKeyEnv: 'AZ_KEY' }, azure: { deploymentType: 'standard', apiVersion: '2024-10-21' } });
    const provider = new AzureOpenAiProvider(deployment, await resolveAzureCredential(deployment, { AZ_KEY: 'k-123' }, async () => undefined));
    providers.push(provider);
    const body = { model: 'gpt-4o-eu', messages: [{ role: 'user', content: 'hi' }] };
    const answer = await provider.native.send({ format: 'openai-chat', body, stream: true, signal: new AbortController().signal, requestId: 'req-relay' });
    assert.equal(answer.kind, 'stream');
    return answer as Stream;
  };

  for (const [taken, take] of consumers) {
    it(`passes every event on in order and reads the usage (${taken})`, async () => {
      script = [chunk('a'), chunk('b') + chunk('c'), USAGE, 'data: [DONE]\n\n'];
      const answer = await stream();
      const seen = await take(answer);
      assert.deepEqual(seen.map((data) => (JSON.parse(data) as { choices: Array<{ delta: { content: string } }> }).choices[0]?.delta.content), ['a', 'b', 'c', undefined]);
      assert.deepEqual(answer.usage(), { inputTokens: 4, outputTokens: 3 });
    });

    it(`ends as interrupted on an error chunk after the first event (${taken})`, async () => {
      // `[DONE]` after it: only the error chunk itself can make this stream fail.
      script = [chunk('a'), ERROR_CHUNK, 'data: [DONE]\n\n'];
      const answer = await stream();
      await assert.rejects(take(answer), (error: unknown) => error instanceof UpstreamFailure && error.kind === 'interrupted');
    });

    it(`ends as interrupted when the body ends without [DONE] (${taken})`, async () => {
      script = [chunk('a'), chunk('b')];
      const answer = await stream();
      await assert.rejects(take(answer), (error: unknown) => error instanceof UpstreamFailure && error.kind === 'interrupted');
    });
  }
});
