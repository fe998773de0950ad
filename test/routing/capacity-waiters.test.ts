import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CapacityWaiters } from '../../src/routing/capacity-waiters.js';
import type { CapacityWake } from '../../src/routing/routing-contract.js';

const noTimers = () => () => undefined;
const tick = () => new Promise((resolve) => setImmediate(resolve));

function waiter(waiters: CapacityWaiters, signal = new AbortController().signal) {
  const state: { wake?: CapacityWake } = {};
  const done = waiters.wait(60_000, signal).then((wake) => (state.wake = wake));
  return { state, done };
}

describe('capacity waiters', () => {
  it('wakes one waiter per release, the longest-waiting first', async () => {
    const waiters = new CapacityWaiters(noTimers);
    const [a, b, c] = [waiter(waiters), waiter(waiters), waiter(waiters)];
    waiters.wakeOne();
    await tick();
    assert.ok(a.state.wake && !b.state.wake && !c.state.wake);
    waiters.wakeOne();
    await tick();
    assert.ok(b.state.wake && !c.state.wake);
    assert.equal(waiters.size, 1);
  });

  it('hands a wake on when the woken waiter cannot use it, once, and never back to a waiter that waits again', async () => {
    const waiters = new CapacityWaiters(noTimers);
    const a = waiter(waiters);
    const b = waiter(waiters);
    waiters.wakeOne();
    await tick();
    const wakeOfA = a.state.wake!;
    const aAgain = waiter(waiters); // a waits again: it joins behind b
    wakeOfA.pass();
    wakeOfA.pass(); // idempotent
    await tick();
    assert.ok(b.state.wake, 'b got the wake a could not use');
    assert.equal(aAgain.state.wake, undefined);
    b.state.wake!.pass(); // nobody who waited before the release is left: the wake ends here
    await tick();
    assert.equal(aAgain.state.wake, undefined, 'a wake never comes back to a waiter that waited again');
    assert.equal(waiters.size, 1);
  });

  it('skips waiters whose request was cancelled', async () => {
    const waiters = new CapacityWaiters(noTimers);
    const cancelled = new AbortController();
    const a = waiter(waiters, cancelled.signal);
    const b = waiter(waiters);
    cancelled.abort();
    await a.done;
    waiters.wakeOne();
    await tick();
    assert.ok(b.state.wake);
    assert.equal(waiters.size, 0);
  });
});
