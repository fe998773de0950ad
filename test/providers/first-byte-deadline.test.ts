import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startFirstByteDeadline } from '../../src/providers/first-byte-deadline.js';

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
});
