/** The request-level stop notice: the part of AbortSignal the listener and the dispatcher's scope use, and no more. */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { StopNotice } from '../../src/inference/stop-signal.js';

describe('StopNotice', () => {
  it('is not aborted and has no reason until it is stopped, then keeps the first reason', () => {
    const notice = new StopNotice();
    assert.equal(notice.aborted, false);
    assert.equal(notice.reason, undefined);
    const first = new Error('client disconnected');
    notice.abort(first);
    notice.abort(new Error('later'));
    assert.equal(notice.aborted, true);
    assert.equal(notice.reason, first);
  });

  it('runs each listener once, in the order added, and never one that was removed or added twice', () => {
    const notice = new StopNotice();
    const calls: string[] = [];
    const a = () => calls.push('a');
    const b = () => calls.push('b');
    const c = () => calls.push('c');
    notice.addEventListener('abort', a, { once: true });
    notice.addEventListener('abort', b);
    notice.addEventListener('abort', a);
    notice.addEventListener('abort', c);
    notice.removeEventListener('abort', b);
    notice.abort(new Error('stop'));
    notice.abort(new Error('again'));
    assert.deepEqual(calls, ['a', 'c']);
  });

  it('sees the reason from inside a listener, and ignores listeners added after it stopped', () => {
    const notice = new StopNotice();
    const reason = new Error('deadline');
    let seen: unknown;
    notice.addEventListener('abort', () => {
      seen = notice.reason;
    });
    notice.abort(reason);
    assert.equal(seen, reason);
    let late = false;
    notice.addEventListener('abort', () => {
      late = true;
    });
    assert.equal(late, false);
  });

  it('runs the other listeners when one throws, and reports the error as an uncaught exception', async () => {
    const notice = new StopNotice();
    const failure = new Error('listener failed');
    let ranAfter = false;
    notice.addEventListener('abort', () => {
      throw failure;
    });
    notice.addEventListener('abort', () => {
      ranAfter = true;
    });
    // node:test reports uncaught exceptions as failures: catch this one expected error for the length of the test.
    const listeners = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    try {
      const reported = once(process, 'uncaughtException');
      assert.doesNotThrow(() => notice.abort(new Error('stop')));
      assert.equal(ranAfter, true);
      const [error] = await reported;
      assert.equal(error, failure);
    } finally {
      for (const listener of listeners) process.on('uncaughtException', listener);
    }
  });
});
