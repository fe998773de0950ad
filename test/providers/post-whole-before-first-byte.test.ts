/**
 * `postWholeBeforeFirstByte`, the JSON completion's read through undici's `dispatch`: the answer whole with its
 * status and lower-case headers; the first-byte deadline and a stopped attempt end the upstream request, classified
 * as before; a body that breaks off after the headers comes back as `bodyError` beside the status, so a caller can
 * still answer an error status as one.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Pool } from 'undici';
import { StopNotice } from '../../src/inference/stop-signal.js';
import { createDeploymentPool } from '../../src/providers/create-deployment-pool.js';
import { postWholeBeforeFirstByte } from '../../src/providers/first-byte-deadline.js';
import { UpstreamFailure } from '../../src/providers/upstream-contract.js';
import { testDeployment } from './provider-deployment.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the upstream does, by the request's `x-case` header. */
const cases: Record<string, (res: ServerResponse) => void> = {
  whole: (res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'X-RateLimit-Remaining-Requests': '7' });
    res.write('{"usage":');
    setTimeout(() => res.end('{"prompt_tokens":1}}'), 5);
  },
  silent: () => undefined,
  'cut-200': (res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"partial":');
    setTimeout(() => res.destroy(), 5);
  },
  'cut-503': (res) => {
    res.writeHead(503, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"error":');
    setTimeout(() => res.destroy(), 5);
  },
  slow: (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{');
  },
};

describe('postWholeBeforeFirstByte', () => {
  const closed: string[] = [];
  let received = 0;
  const server = createServer((request: IncomingMessage, res: ServerResponse) => {
    received += 1;
    const name = String(request.headers['x-case']);
    request.socket.once('close', () => closed.push(name));
    request.resume();
    request.on('end', () => cases[name]?.(res));
  });
  let endpoint = '';
  let pool: Pool;
  const deployment = (firstByteMs = 60_000) => testDeployment({ provider: 'openai-compatible', endpoint, upstreamModel: 'm', allowInsecure: true, timeouts: { connectMs: 2_000, firstByteMs, idleMs: 60_000 } });
  const post = (name: string, signal: StopNotice, firstByteMs?: number) =>
    postWholeBeforeFirstByte(pool, deployment(firstByteMs), { path: '/v1/chat/completions', headers: { 'x-case': name }, body: '{}', signal, abortAttempt: (reason) => signal.abort(reason) });
  const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    pool = createDeploymentPool(deployment());
  });
  after(async () => {
    await pool.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('resolves with the status, the lower-case headers and the whole body, however it was cut into chunks', async () => {
    const answer = await post('whole', new StopNotice());
    assert.equal(answer.statusCode, 200);
    assert.equal(answer.headers['x-ratelimit-remaining-requests'], '7');
    assert.equal(answer.body.toString('utf8'), '{"usage":{"prompt_tokens":1}}');
    assert.equal(answer.bodyError, undefined);
  });

  const closedSoon = async (name: string) => {
    for (let i = 0; i < 100 && !closed.includes(name); i++) await tick(10);
    return closed.includes(name);
  };

  it('before the headers: a late first byte is a timeout (the upstream request ended), a stop is cancelled', { timeout: 10_000 }, async () => {
    const late = await failureOf(post('silent', new StopNotice(), 50));
    assert.ok(late instanceof UpstreamFailure && late.kind === 'timeout', String(late));
    assert.ok(await closedSoon('silent'));
    const stopped = new StopNotice();
    const pending = failureOf(post('silent', stopped));
    await tick(20);
    stopped.abort(new Error('client disconnected'));
    const cancelled = await pending;
    assert.ok(cancelled instanceof UpstreamFailure && cancelled.kind === 'cancelled', String(cancelled));
  });

  it('a stop after the headers resolves with the status and a cancelled body error, and ends the upstream request', async () => {
    const stopped = new StopNotice();
    const pending = post('slow', stopped);
    await tick(30);
    stopped.abort(new Error('client disconnected'));
    const answer = await pending;
    assert.equal(answer.statusCode, 200);
    assert.equal(answer.body.toString('utf8'), '{');
    assert.ok(answer.bodyError instanceof UpstreamFailure && answer.bodyError.kind === 'cancelled', String(answer.bodyError));
    assert.ok(await closedSoon('slow'));
  });

  it('a body cut off after the headers: the status kept, the failure as bodyError (unavailable, not cancelled)', async () => {
    for (const [name, status] of [['cut-200', 200], ['cut-503', 503]] as const) {
      const answer = await post(name, new StopNotice());
      assert.equal(answer.statusCode, status);
      assert.ok(answer.bodyError instanceof UpstreamFailure && answer.bodyError.kind === 'unavailable', `${name}: ${String(answer.bodyError)}`);
    }
  });

  it('a signal stopped before the call is cancelled at once, and nothing is sent', async () => {
    const before = received;
    const stopped = new StopNotice();
    stopped.abort(new Error('client disconnected'));
    const failure = await failureOf(post('whole', stopped));
    assert.ok(failure instanceof UpstreamFailure && failure.kind === 'cancelled', String(failure));
    await tick(20);
    assert.equal(received, before);
  });
});
