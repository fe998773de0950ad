/** The cancellation ledger: a stopped request's slot is held, and 429s meanwhile may be our own echo. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancellationLedger } from '../../src/routing/cancellation-hold.js';
import type { CapacityLease } from '../../src/routing/routing-contract.js';

function fakeClock() {
  let now = 1_000;
  const timers: Array<{ at: number; run: () => void }> = [];
  return {
    now: () => now,
    schedule: (run: () => void, delayMs: number) => {
      const timer = { at: now + delayMs, run };
      timers.push(timer);
      return () => timers.splice(timers.indexOf(timer), 1);
    },
    advance(ms: number) {
      now += ms;
      for (const timer of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.run();
      }
    },
  };
}

function recordingLease(deploymentId = 'd1'): CapacityLease & { releases: Array<number | undefined> } {
  const releases: Array<number | undefined> = [];
  return { deploymentId, releases, release: (tokens?: number) => void releases.push(tokens) };
}

describe('cancellation ledger', () => {
  it('releases at once when the request was not stopped', () => {
    const clock = fakeClock();
    const ledger = new CancellationLedger(250, clock.now, clock.schedule);
    const lease = recordingLease();
    ledger.wrap(lease, new AbortController().signal).release(42);
    assert.deepEqual(lease.releases, [42]);
    assert.equal(ledger.mayHaveCausedThrottle('d1'), false);
  });

  it('holds a stopped request\'s slot for holdMs, and suspects 429s until holdMs after it is given back', () => {
    const clock = fakeClock();
    const ledger = new CancellationLedger(250, clock.now, clock.schedule);
    const lease = recordingLease();
    const stopped = new AbortController();
    const wrapped = ledger.wrap(lease, stopped.signal);
    stopped.abort();
    wrapped.release(7);
    wrapped.release(7);
    assert.deepEqual(lease.releases, [], 'still held');
    assert.equal(ledger.mayHaveCausedThrottle('d1'), true);
    assert.equal(ledger.mayHaveCausedThrottle('d2'), false, 'only the deployment it ran on');
    clock.advance(249);
    assert.deepEqual(lease.releases, []);
    clock.advance(1);
    assert.deepEqual(lease.releases, [7], 'given back once, with its token count');
    assert.equal(ledger.mayHaveCausedThrottle('d1'), true, 'the upstream may not have noticed yet');
    clock.advance(250);
    assert.equal(ledger.mayHaveCausedThrottle('d1'), false);
  });

  it('does nothing with holdMs 0', () => {
    const clock = fakeClock();
    const ledger = new CancellationLedger(0, clock.now, clock.schedule);
    const lease = recordingLease();
    const stopped = new AbortController();
    stopped.abort();
    ledger.wrap(lease, stopped.signal).release();
    assert.deepEqual(lease.releases, [undefined]);
    assert.equal(ledger.mayHaveCausedThrottle('d1'), false);
  });
});
