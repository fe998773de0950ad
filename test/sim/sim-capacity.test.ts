import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SimCapacity, formatResetDuration, rateLimitHeaders } from '../../sim/sim-capacity.js';

function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => { now += ms; } };
}

describe('simulator capacity (sliding 60 s window, fake clock)', () => {
  test('concurrency: refuses past maxConcurrent, release frees a slot', () => {
    const capacity = new SimCapacity({ maxConcurrent: 2, requestsPerMinute: 100, tokensPerMinute: 10_000 });
    const a = capacity.tryAdmit(1);
    const b = capacity.tryAdmit(1);
    assert.ok(a.admitted && b.admitted);
    const c = capacity.tryAdmit(1);
    assert.equal(c.admitted, false);
    assert.equal(!c.admitted && c.limit, 'concurrency');
    assert.equal(!c.admitted && c.retryAfterSeconds, 1);
    a.release();
    a.release(); // idempotent
    assert.equal(capacity.inFlight, 1);
    assert.ok(capacity.tryAdmit(1).admitted);
  });

  test('requests per minute: refused until the oldest request leaves the window', () => {
    const clock = fakeClock();
    const capacity = new SimCapacity({ maxConcurrent: 100, requestsPerMinute: 2, tokensPerMinute: 10_000 }, clock.now);
    assert.ok(capacity.tryAdmit(1).admitted);
    clock.advance(20_000);
    assert.ok(capacity.tryAdmit(1).admitted);
    const refused = capacity.tryAdmit(1);
    assert.equal(refused.admitted, false);
    assert.equal(!refused.admitted && refused.limit, 'requests');
    assert.equal(!refused.admitted && refused.retryAfterSeconds, 40);
    assert.equal(refused.snapshot.remainingRequests, 0);
    clock.advance(39_999);
    assert.equal(capacity.tryAdmit(1).admitted, false);
    clock.advance(1);
    assert.ok(capacity.tryAdmit(1).admitted, 'the first request left the window');
  });

  test('tokens per minute: reservation, settle to real usage, retry-after', () => {
    const clock = fakeClock();
    const capacity = new SimCapacity({ maxConcurrent: 100, requestsPerMinute: 100, tokensPerMinute: 100 }, clock.now);
    const first = capacity.tryAdmit(60);
    assert.ok(first.admitted);
    assert.equal(first.snapshot.remainingTokens, 40);
    const tooMany = capacity.tryAdmit(50);
    assert.equal(!tooMany.admitted && tooMany.limit, 'tokens');
    assert.equal(!tooMany.admitted && tooMany.retryAfterSeconds, 60);
    first.settle(20);
    assert.ok(capacity.tryAdmit(50).admitted, 'settling to real usage freed tokens');
    clock.advance(30_000);
    const refused = capacity.tryAdmit(90);
    assert.equal(!refused.admitted && refused.retryAfterSeconds, 30);
    const never = capacity.tryAdmit(101);
    assert.equal(!never.admitted && never.retryAfterSeconds, 60);
  });

  test('snapshot and headers', () => {
    const clock = fakeClock();
    const capacity = new SimCapacity({ maxConcurrent: 4, requestsPerMinute: 10, tokensPerMinute: 1000 }, clock.now);
    assert.equal(capacity.snapshot().resetRequestsMs, 0);
    capacity.tryAdmit(100);
    clock.advance(59_500);
    assert.deepEqual(rateLimitHeaders(capacity.snapshot()), {
      'x-ratelimit-limit-requests': '10',
      'x-ratelimit-remaining-requests': '9',
      'x-ratelimit-limit-tokens': '1000',
      'x-ratelimit-remaining-tokens': '900',
      'x-ratelimit-reset-requests': '500ms',
      'x-ratelimit-reset-tokens': '500ms',
    });
    assert.equal(formatResetDuration(0), '0ms');
    assert.equal(formatResetDuration(1000), '1s');
    assert.equal(formatResetDuration(1001), '2s');
  });

  test('settling a request that already left the window does not disturb the count; long runs stay exact', () => {
    const clock = fakeClock();
    const capacity = new SimCapacity({ maxConcurrent: 10_000, requestsPerMinute: 1000, tokensPerMinute: 1_000_000 }, clock.now);
    const old = capacity.tryAdmit(500);
    assert.ok(old.admitted);
    clock.advance(60_000);
    old.settle(10);
    assert.equal(capacity.snapshot().remainingTokens, 1_000_000);
    for (let i = 0; i < 5000; i += 1) {
      const admitted = capacity.tryAdmit(10);
      assert.ok(admitted.admitted);
      admitted.settle(4);
      admitted.release();
      clock.advance(100);
    }
    const snapshot = capacity.snapshot();
    // Admitted 100 ms apart, the last one 100 ms ago: 599 are less than 60 s old.
    assert.equal(snapshot.remainingRequests, 1000 - 599);
    assert.equal(snapshot.remainingTokens, 1_000_000 - 599 * 4);
  });
});
