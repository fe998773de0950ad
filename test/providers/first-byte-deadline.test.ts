import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { StopNotice } from '../../src/inference/stop-signal.js';
import { createDeploymentPool } from '../../src/providers/create-deployment-pool.js';
import { postBeforeFirstByte, startFirstByteDeadline } from '../../src/providers/first-byte-deadline.js';
import { UpstreamFailure } from '../../src/providers/upstream-contract.js';
import { testDeployment } from './provider-deployment.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('first-byte deadline', () => {
  it('without a way to abort the attempt: a signal of its own that times out, the parent untouched', async () => {
    const parent = new AbortController();
    const deadline = startFirstByteDeadline(parent.signal, 20, 'dep-a');
    assert.notEqual(deadline.signal, parent.signal);
    await tick(60);
    assert.equal(deadline.signal.aborted, true);
    assert.equal((deadline.signal.reason as Error).name, 'TimeoutError');
    assert.equal(parent.signal.aborted, false);
  });

  it('with the attempt abort: no second signal, the timer aborts the attempt with a TimeoutError', async () => {
    const attempt = new AbortController();
    const deadline = startFirstByteDeadline(attempt.signal, 20, 'dep-a', (reason) => attempt.abort(reason));
    assert.equal(deadline.signal, attempt.signal);
    await tick(60);
    assert.equal(attempt.signal.aborted, true);
    assert.equal((attempt.signal.reason as Error).name, 'TimeoutError');
    assert.match((attempt.signal.reason as Error).message, /dep-a: no response within 20 ms/);
  });

  it('cleared once headers arrived: the attempt lives on', async () => {
    const attempt = new AbortController();
    const deadline = startFirstByteDeadline(attempt.signal, 20, 'dep-a', (reason) => attempt.abort(reason));
    deadline.clear();
    await tick(60);
    assert.equal(attempt.signal.aborted, false);
  });

  it('a parent already aborted keeps its reason (a client that left is no timeout)', async () => {
    for (const ownsAbort of [false, true]) {
      const attempt = new AbortController();
      attempt.abort(new Error('client disconnected'));
      const deadline = startFirstByteDeadline(attempt.signal, 5, 'dep-a', ownsAbort ? (reason) => attempt.abort(reason) : undefined);
      await tick(20);
      assert.equal((deadline.signal.reason as Error).message, 'client disconnected');
    }
  });

  it('through undici with StopNotices: a late first byte and a stopped attempt each end the upstream request', { timeout: 10_000 }, async () => {
    // The upstream never answers; each request it got is seen closing once the gateway gives up on it.
    const closed: string[] = [];
    const server = createServer((request: IncomingMessage) => {
      request.resume();
      request.socket.once('close', () => closed.push(String(request.headers['x-case'])));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    const deployment = (firstByteMs: number) => testDeployment({ provider: 'openai-compatible', endpoint, upstreamModel: 'm', allowInsecure: true, timeouts: { connectMs: 2_000, firstByteMs, idleMs: 60_000 } });
    // undici's own headersTimeout is a minute here: only the native timer and the notices can end these requests.
    const pool = createDeploymentPool(deployment(60_000));
    const post = (name: string, attempt: StopNotice) =>
      postBeforeFirstByte(pool, deployment(name === 'late' ? 50 : 60_000), { path: '/v1/chat/completions', headers: { 'x-case': name }, body: '{}', signal: attempt, abortAttempt: (reason) => attempt.abort(reason) });
    try {
      const late = await post('late', new StopNotice()).then(() => undefined, (error: unknown) => error);
      assert.ok(late instanceof UpstreamFailure && late.kind === 'timeout', String(late));

      const stopped = new StopNotice();
      const pending = post('stopped', stopped).then(() => undefined, (error: unknown) => error);
      await tick(10);
      stopped.abort(new Error('client disconnected'));
      const cancelled = await pending;
      assert.ok(cancelled instanceof UpstreamFailure && cancelled.kind === 'cancelled', String(cancelled));

      for (let i = 0; i < 100 && closed.length < 2; i++) await tick(10);
      assert.deepEqual(closed.sort(), ['late', 'stopped']);
    } finally {
      await pool.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
