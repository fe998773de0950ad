/**
 * The `bedrock` upstream adapter against a scripted fake Bedrock Runtime endpoint: SigV4 signatures that the
 * gateway's own verifier accepts, the SDK's path encoding, error types mapped to failure kinds, and event streams
 * read frame by frame (split across TCP writes), with exception frames, truncated frames and early ends.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createSigV4Verifier } from '../../src/auth/sigv4-verifier.js';
import type { Deployment } from '../../src/catalog/catalog-types.js';
import { encodeEventFrame, encodeExceptionFrame } from '../../src/surfaces/bedrock-runtime/encode-event-stream-frame.js';
import { BedrockUpstream } from '../../src/providers/bedrock/bedrock-upstream.js';
import { UpstreamFailure, type UpstreamStreamEvent } from '../../src/providers/upstream-contract.js';
import type { UpstreamResponse } from '../../src/providers/upstream-transport.js';

type Script = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

interface Seen {
  method: string;
  rawPath: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

function deployment(endpoint: string, credentials: Deployment['credentials'] = {}): Deployment {
  return {
    id: 'nova@eu-west-1',
    modelId: 'amazon.nova-2-lite-v1:0',
    regionId: 'eu-west-1',
    provider: 'bedrock',
    endpoint,
    upstreamModel: 'eu.amazon.nova-2-lite-v1:0',
    credentials,
    capacity: { requestsPerMinute: 100, tokensPerMinute: 100_000, maxConcurrent: 4 },
    timeouts: { connectMs: 1_000, firstByteMs: 2_000, idleMs: 2_000 },
    allowInsecure: false,
    processingRegionIds: ['eu-central-1', 'eu-west-1', 'eu-west-3'],
  };
}

const converseBody = { messages: [{ role: 'user', content: [{ text: 'hi' }] }] };
const request = (stream: boolean) => ({ format: 'bedrock-converse' as const, body: converseBody, stream, signal: new AbortController().signal, requestId: 'r1' });

async function collect(response: UpstreamResponse): Promise<UpstreamStreamEvent[]> {
  assert.equal(response.kind, 'stream');
  const events: UpstreamStreamEvent[] = [];
  if (response.kind === 'stream') for await (const event of response.events) events.push(event);
  return events;
}

/** The same events taken the way a relayed stream takes them: pushed by `relay` as the chunks arrive. */
async function collectRelayed(response: UpstreamResponse): Promise<UpstreamStreamEvent[]> {
  assert.equal(response.kind, 'stream');
  const events: UpstreamStreamEvent[] = [];
  if (response.kind === 'stream') {
    assert.ok(response.relay, 'a Bedrock event stream offers relay');
    await response.relay((event) => void events.push(event));
  }
  return events;
}

const consumers = [['pulled', collect], ['relayed', collectRelayed]] as const;

/** An event-stream prelude that claims a 3-byte frame, shorter than any frame can be. */
const IMPOSSIBLE_PRELUDE = Buffer.from([0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0]);

function streamHead(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
}

describe('bedrock upstream adapter', () => {
  let server: Server;
  let url: string;
  let script: Script = (_req, res) => res.end();
  const seen: Seen[] = [];
  const env = { UP_KEY_ID: 'AKIAUPSTREAMTEST0001', UP_SECRET: 'upstream/secret+key', UP_TOKEN: 'session-token==', UP_API_KEY: 'bedrock-api-key-test' };

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
        const body = Buffer.concat(chunks);
        seen.push({ method: req.method ?? '', rawPath: req.url ?? '', headers: req.headers, body });
        script(req, res, body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('signs with SigV4 for its region, on the SDK-encoded path, verifiably', async () => {
    script = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ output: { message: { role: 'assistant', content: [{ text: 'ok' }] } }, stopReason: 'end_turn', usage: { inputTokens: 3, outputTokens: 1, totalTokens: 4 }, metrics: { latencyMs: 1 } }));
    };
    const upstream = new BedrockUpstream(deployment(url, { accessKeyIdEnv: 'UP_KEY_ID', secretAccessKeyEnv: 'UP_SECRET', sessionTokenEnv: 'UP_TOKEN' }), env);
    try {
      const response = await upstream.send(request(false));
      assert.equal(response.kind, 'json');
      assert.deepEqual(response.kind === 'json' && response.usage, { inputTokens: 3, outputTokens: 1 });
      const last = seen.at(-1) as Seen;
      assert.equal(last.rawPath, '/model/eu.amazon.nova-2-lite-v1%3A0/converse');
      assert.match(String(last.headers.authorization), /Credential=AKIAUPSTREAMTEST0001\/\d{8}\/eu-west-1\/bedrock\/aws4_request/);
      assert.equal(last.headers['x-amz-security-token'], 'session-token==');
      const verifier = createSigV4Verifier([{ accessKeyId: env.UP_KEY_ID, secretAccessKeyEnv: 'UP_SECRET', admin: false }], { knownRegions: new Set(['eu-west-1']), env });
      const result = verifier.verify({ method: last.method, rawPath: last.rawPath, headers: last.headers, body: last.body });
      assert.equal(result.signingRegion, 'eu-west-1');
    } finally {
      await upstream.close();
    }
  });

  it('sends a Bedrock API key as a bearer token when configured', async () => {
    const upstream = new BedrockUpstream(deployment(url, { apiKeyEnv: 'UP_API_KEY' }), env);
    try {
      await upstream.send(request(false));
      assert.equal(seen.at(-1)?.headers.authorization, 'Bearer bedrock-api-key-test');
    } finally {
      await upstream.close();
    }
  });

  it('refuses to start when its credential variables are unset', () => {
    assert.throws(() => new BedrockUpstream(deployment(url, { accessKeyIdEnv: 'NOPE_ID', secretAccessKeyEnv: 'NOPE_SECRET' }), {}), /NOPE_ID is not set/);
  });

  const errorCases: Array<[number, string, UpstreamFailure['kind']]> = [
    [429, 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/', 'throttled'],
    [400, 'ServiceQuotaExceededException', 'throttled'],
    [503, 'ServiceUnavailableException', 'unavailable'],
    [500, 'InternalServerException', 'unavailable'],
    [408, 'ModelTimeoutException', 'timeout'],
    [400, 'ValidationException', 'rejected'],
    [403, 'AccessDeniedException', 'rejected'],
    [502, '', 'unavailable'],
  ];
  for (const [status, type, kind] of errorCases) {
    it(`maps ${status} ${type || '(no type)'} to ${kind}`, async () => {
      script = (_req, res) => {
        res.writeHead(status, { 'content-type': 'application/json', ...(type ? { 'x-amzn-errortype': type } : {}), 'retry-after': '2' });
        res.end(JSON.stringify({ message: 'upstream says no' }));
      };
      const upstream = new BedrockUpstream(deployment(url), env);
      try {
        await assert.rejects(upstream.send(request(false)), (error: unknown) => {
          assert.ok(error instanceof UpstreamFailure);
          assert.equal(error.kind, kind);
          assert.equal(error.status, status);
          if (kind === 'throttled') assert.equal(error.retryAfterMs, 2000);
          // The upstream's text travels apart from the message, which is a classification only.
          assert.equal(error.upstreamText, 'upstream says no');
          assert.equal(error.message.includes('upstream says no'), false, error.message);
          if (type) assert.equal(error.upstreamErrorType, type.split(':')[0]);
          return true;
        });
      } finally {
        await upstream.close();
      }
    });
  }

  for (const [taken, take] of consumers) it(`decodes frames split across writes and reads usage from metadata (${taken})`, async () => {
    script = (_req, res) => {
      streamHead(res);
      const frames = Buffer.concat([
        encodeEventFrame('messageStart', { role: 'assistant', p: 'abcdef' }),
        encodeEventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hello' } }),
        encodeEventFrame('contentBlockStop', { contentBlockIndex: 0 }),
        encodeEventFrame('messageStop', { stopReason: 'end_turn' }),
        encodeEventFrame('metadata', { usage: { inputTokens: 5, outputTokens: 1, totalTokens: 6 }, metrics: { latencyMs: 3 } }),
      ]);
      let offset = 0;
      const writeSome = () => {
        if (offset >= frames.length) return void res.end();
        res.write(frames.subarray(offset, offset + 7));
        offset += 7;
        setImmediate(writeSome);
      };
      writeSome();
    };
    const upstream = new BedrockUpstream(deployment(url), env);
    try {
      const response = await upstream.send(request(true));
      const events = await take(response);
      assert.deepEqual(events.map((e) => e.format === 'bedrock-converse' && e.eventType), ['messageStart', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata']);
      assert.deepEqual(events[0].format === 'bedrock-converse' && events[0].body, { role: 'assistant' }, 'padding removed');
      assert.deepEqual(response.kind === 'stream' && response.usage(), { inputTokens: 5, outputTokens: 1 });
      assert.equal(seen.at(-1)?.rawPath, '/model/eu.amazon.nova-2-lite-v1%3A0/converse-stream');
    } finally {
      await upstream.close();
    }
  });

  it('fails over on a throttlingException frame that arrives before any event', async () => {
    script = (_req, res) => {
      streamHead(res);
      res.end(encodeExceptionFrame('throttlingException', { message: 'slow down' }));
    };
    const upstream = new BedrockUpstream(deployment(url), env);
    try {
      await assert.rejects(upstream.send(request(true)), (error: unknown) => error instanceof UpstreamFailure && error.kind === 'throttled');
    } finally {
      await upstream.close();
    }
  });

  it('fails over on a broken frame in the first chunk, before any event was passed on', async () => {
    script = (_req, res) => {
      streamHead(res);
      res.end(Buffer.concat([encodeEventFrame('messageStart', { role: 'assistant' }), IMPOSSIBLE_PRELUDE]));
    };
    const upstream = new BedrockUpstream(deployment(url), env);
    try {
      await assert.rejects(upstream.send(request(true)), (error: unknown) => error instanceof UpstreamFailure && error.kind === 'unavailable');
    } finally {
      await upstream.close();
    }
  });

  const brokenStreams: Array<[string, (res: ServerResponse) => void]> = [
    ['an exception frame mid-stream', (res) => res.end(Buffer.concat([encodeEventFrame('messageStart', { role: 'assistant' }), encodeExceptionFrame('modelStreamErrorException', { message: 'boom' })]))],
    ['a truncated frame', (res) => {
      const frame = encodeEventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'cut' } });
      res.end(Buffer.concat([encodeEventFrame('messageStart', { role: 'assistant' }), frame.subarray(0, frame.length - 5)]));
    }],
    ['a clean end before messageStop', (res) => res.end(encodeEventFrame('messageStart', { role: 'assistant' }))],
    // A prelude that claims 3 bytes, in a later chunk: the decoder throws on it, inside the body's data event when relayed.
    ['a frame of an impossible length', (res) => {
      res.write(encodeEventFrame('messageStart', { role: 'assistant' }));
      setTimeout(() => res.end(IMPOSSIBLE_PRELUDE), 30);
    }],
  ];
  for (const [what, write] of brokenStreams) for (const [taken, take] of consumers) {
    it(`ends the stream as interrupted on ${what} (${taken})`, async () => {
      script = (_req, res) => {
        streamHead(res);
        write(res);
      };
      const upstream = new BedrockUpstream(deployment(url), env);
      try {
        const response = await upstream.send(request(true));
        await assert.rejects(take(response), (error: unknown) => error instanceof UpstreamFailure && error.kind === 'interrupted');
      } finally {
        await upstream.close();
      }
    });
  }

  it('passes InvokeModel bytes through and reads usage from the token-count headers', async () => {
    const native = JSON.stringify({ output: { message: { role: 'assistant', content: [{ text: 'x' }] } }, stopReason: 'end_turn', usage: { inputTokens: 1, outputTokens: 1 } });
    script = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-bedrock-input-token-count': '9', 'x-amzn-bedrock-output-token-count': '4' });
      res.end(native);
    };
    const upstream = new BedrockUpstream(deployment(url), env);
    try {
      const body = new TextEncoder().encode('{"messages":[{"role":"user","content":[{"text":"hi"}]}]}');
      const response = await upstream.send({ format: 'bedrock-invoke', body, stream: false, signal: new AbortController().signal, requestId: 'r2' });
      assert.equal(response.kind, 'json');
      if (response.kind === 'json') {
        assert.ok(response.body instanceof Uint8Array);
        assert.equal(new TextDecoder().decode(response.body), native);
        assert.deepEqual(response.usage, { inputTokens: 9, outputTokens: 4 });
      }
      assert.equal(seen.at(-1)?.rawPath, '/model/eu.amazon.nova-2-lite-v1%3A0/invoke');
      assert.deepEqual(seen.at(-1)?.body, Buffer.from(body));
    } finally {
      await upstream.close();
    }
  });
});
