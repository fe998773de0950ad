/**
 * Upstream error text never reaches the client, the audit trail or the logs: an upstream that echoes the prompt in
 * its error bodies (as many do in validation errors) gets a unique marker back in every way it can fail, over the
 * OpenAI-compatible and the Bedrock adapters, JSON and streams. Only a classification (status, upstream error type)
 * is kept. With `audit.contentLogging.upstreamErrorText` on, the same text is shown: the marker did travel.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { pino } from 'pino';
import { request } from 'undici';
import { encodeEventFrame, eventStreamContentType } from '../../sim/aws-event-stream-frames.js';
import { readAuditRecords } from '../support/read-audit-records.js';
import { NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** Answers every request with an error that quotes the request body; the body's `mode:` word picks the error. */
function echoingUpstream(req: IncomingMessage, res: ServerResponse, body: string): void {
  const mode = /mode-([a-z0-9-]+)/.exec(body)?.[1] ?? 'openai-400';
  const echo = `you sent: ${body}`;
  const json = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(payload));
  };
  switch (mode) {
    case 'openai-400': return json(400, { error: { message: echo, type: 'invalid_request_error', code: 'bad_prompt' } });
    case 'openai-text': res.writeHead(422, { 'content-type': 'text/plain' }); return void res.end(echo);
    case 'openai-500': return json(500, { error: { message: echo, type: 'server_error' } });
    case 'openai-429': return json(429, { error: { message: echo, type: 'rate_limit' } }, { 'retry-after': '0' });
    case 'openai-bad-json': res.writeHead(200, { 'content-type': 'application/json' }); return void res.end(`{"oops": ${echo}`);
    case 'bedrock-400': return json(400, { message: echo }, { 'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/coral/' });
    case 'bedrock-stream': {
      res.writeHead(200, { 'content-type': eventStreamContentType });
      res.write(encodeEventFrame('messageStart', { role: 'assistant' }));
      res.end(codec.encode({
        headers: {
          ':message-type': { type: 'string', value: 'exception' },
          ':exception-type': { type: 'string', value: 'validationException' },
          ':content-type': { type: 'string', value: 'application/json' },
        },
        body: fromUtf8(JSON.stringify({ message: echo })),
      }));
      return;
    }
    default: return json(400, { error: { message: `unknown mode in ${req.url}` } });
  }
}

function startEchoingUpstream(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => echoingUpstream(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('no upstream error text in client errors, records or logs', () => {
  let upstream: Server;
  let url: string;
  before(async () => {
    upstream = await startEchoingUpstream();
    url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

  const start = async (contentLogging: boolean, logs: string[]): Promise<TestGateway> => {
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => void (logs.push(chunk.toString('utf8')), done()) });
    const config = testConfig({
      regions: [],
      extraDeployments: [
        { model: NOVA_LITE, region: 'eu-central-1', provider: 'openai-compatible', endpoint: `${url}/v1`, upstreamModel: 'm' },
        { model: NOVA_LITE, region: 'eu-west-1', provider: 'bedrock', endpoint: url },
      ],
      overrides: {
        audit: { enabled: true, store: 'sqlite', contentLogging: { upstreamErrorText: contentLogging } },
        routing: { maxAttempts: 2, deadlineMs: 5_000, queue: { maxWaiting: 4, maxWaitMs: 0 } },
      },
    });
    return startTestGateway(config, { logger: pino({ level: 'debug' }, sink), env: { AWS_ACCESS_KEY_ID: 'AKIATESTTESTTEST0001', AWS_SECRET_ACCESS_KEY: 'x' } });
  };

  const send = async (gateway: TestGateway, sourceRegion: string, marker: string, mode: string, stream = false) => {
    const response = await request(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-georoute-source-region': sourceRegion },
      body: JSON.stringify({ model: NOVA_LITE, stream, max_tokens: 8, messages: [{ role: 'user', content: `mode-${mode} ${marker}` }] }),
    });
    // A failed stream ends with an error event and a destroyed connection: keep what arrived.
    let text = '';
    try {
      for await (const chunk of response.body) text += Buffer.from(chunk as Uint8Array).toString('utf8');
    } catch {
      text += '[connection closed]';
    }
    return { status: response.statusCode, text };
  };

  it('keeps a marker the upstream echoes out of every answer, record and log line', async () => {
    const marker = `MARKER-${randomUUID()}`;
    const logs: string[] = [];
    const gateway = await start(false, logs);
    try {
      const cases: Array<[string, string, boolean, number]> = [
        ['eu-central-1', 'openai-400', false, 400],
        ['eu-central-1', 'openai-text', false, 400],
        ['eu-central-1', 'openai-500', false, 503],
        ['eu-central-1', 'openai-429', false, 429],
        ['eu-central-1', 'openai-bad-json', false, 503],
        ['eu-central-1', 'openai-400', true, 400],
        ['eu-west-1', 'bedrock-400', false, 400],
        ['eu-west-1', 'bedrock-stream', true, 200],
      ];
      for (const [region, mode, stream, status] of cases) {
        const answer = await send(gateway, region, marker, mode, stream);
        assert.equal(answer.status, status, `${mode}: ${answer.text}`);
        assert.equal(answer.text.includes(marker), false, `${mode}: the client's answer quotes the upstream: ${answer.text}`);
      }
      const first = JSON.parse((await send(gateway, 'eu-central-1', marker, 'openai-400')).text) as { error: { message: string } };
      assert.match(first.error.message, /HTTP 400, upstream error bad_prompt/, 'the classification is kept');
      const records = [...readAuditRecords(gateway.dataDir, 'eu-central-1'), ...readAuditRecords(gateway.dataDir, 'eu-west-1')];
      assert.equal(records.length, cases.length + 1);
      assert.ok(records.some((r) => r.errorMessage?.includes('upstream error ValidationException')), 'Bedrock error type recorded');
      for (const file of filesUnder(join(gateway.dataDir, 'audit'))) {
        assert.equal(readFileSync(file).includes(marker), false, `${file} contains the upstream's echo`);
      }
      assert.ok(logs.length > cases.length, 'the gateway logged at debug level');
      for (const line of logs) assert.equal(line.includes(marker), false, `a log line quotes the upstream: ${line}`);
    } finally {
      await gateway.close();
    }
  });

  it('shows the upstream text only with audit.contentLogging.upstreamErrorText on', async () => {
    const marker = `MARKER-${randomUUID()}`;
    const gateway = await start(true, []);
    try {
      const answer = await send(gateway, 'eu-central-1', marker, 'openai-400');
      assert.equal(answer.status, 400);
      assert.ok(answer.text.includes(marker), answer.text);
      const bedrock = await send(gateway, 'eu-west-1', marker, 'bedrock-400');
      assert.ok(bedrock.text.includes(marker), bedrock.text);
      assert.ok(readAuditRecords(gateway.dataDir, 'eu-central-1').some((r) => r.errorMessage?.includes(marker)));
    } finally {
      await gateway.close();
    }
  });
});
